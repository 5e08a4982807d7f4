// Search at 100,000 documents (issue 6): the initial indexing through the outbox, `npm run
// reindex`, and GET /api/search latency as a non-admin member (the permission filter on) against
// the very same multi-search sent straight to Meilisearch, interleaved in one run.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) gets a throwaway database; Meilisearch is the
// pinned embedded binary on a free port.
// node bench/search.mjs [requests per query=100] [--skip-reindex] [--scale=1]
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { signIn } from './lib/api-process.mjs';
import { keepAliveClient } from './lib/keep-alive.mjs';
import {
  MEMBER,
  seedSearchCorpus,
  startSearchStack,
  vocabulary,
  waitForOutbox,
} from './lib/search-corpus.mjs';
import { percentile } from './lib/stats.mjs';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [requests = 100] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
const scale = Number(flags.find((f) => f.startsWith('--scale='))?.split('=')[1] ?? 1);
const skipReindex = flags.includes('--skip-reindex');

const repoRoot = resolve(import.meta.dirname, '..');
const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
const load = (file) => import(pathToFileURL(resolve(dist, file)).href);
// The API's own code builds the direct request: same filter, same multi-search body.
const { SearchService } = await load('search/search.service.js');
const { SearchIndexes } = await load('search/search-indexes.js');
const { SearchRepository } = await load('search/search.repository.js');
const { Database, createPool } = await load('database/database.js');

const fmt = (v) => v.toFixed(1).padStart(6);
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `load average at start: ${loads()}; Meilisearch options: ${process.env.BENCH_MEILI_ARGS || 'as npm start runs it'}`,
);

const stack = await startSearchStack({ port: 3121 });
try {
  // 1. Corpus and the initial indexing through the outbox.
  const seeded = await seedSearchCorpus(stack.databaseUrl, { scale });
  const c = seeded.counts;
  console.log(
    `corpus: ${c.total} documents (${c.briefing} briefings, ${c.item} items, ${c.discussion} discussions, ${c.comment} comments, ${c.action} actions, ${c.decision} decisions; ${c.restrictedBriefings} restricted briefings), generated in ${(seeded.seededMs / 1000).toFixed(1)} s; ${c.outbox} outbox rows`,
  );
  await waitForOutbox(stack.databaseUrl, {
    onProgress: (pending) => console.log(`  … ${pending} outbox rows left`),
  });
  const drainS = (performance.now() - seeded.committedAt) / 1000;
  console.log(
    `initial indexing through the outbox (commit → outbox empty): ${drainS.toFixed(1)} s (${Math.round(c.total / drainS)} documents/s), load ${loads()}`,
  );

  const meili = keepAliveClient(stack.meili.url, { maxSockets: 4 });
  const meiliHeaders = { authorization: `Bearer ${stack.meili.masterKey}` };
  // Documents per type, from the type facet over the whole index.
  const counts = async () => {
    const r = await meili.request('POST', `/indexes/${stack.meili.prefix}-documents/search`, {
      headers: { ...meiliHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ q: '', limit: 0, facets: ['type'] }),
    });
    return JSON.parse(r.text).facetDistribution.type;
  };
  const indexed = await counts();
  const indexedTotal = Object.values(indexed).reduce((a, b) => a + b, 0);
  console.log(`indexed documents: ${indexedTotal} ${JSON.stringify(indexed)}`);
  if (indexedTotal !== c.total) console.log(`  !! expected ${c.total} documents in the indexes`);

  // 2. npm run reindex over the same data, while the API runs.
  if (!skipReindex) {
    const started = performance.now();
    const output = await new Promise((resolveRun, reject) => {
      const child = spawn(process.execPath, [resolve(dist, 'search/reindex-cli.js')], {
        cwd: repoRoot,
        env: { ...process.env, ...stack.env, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      // Progress lines ("comment: 50000 documents queued") with the time they arrived: the SQL
      // reads and uploads; the rest until the end is Meilisearch indexing, the swap and cleanup.
      child.stdout.on('data', (d) => {
        text += d;
        for (const line of String(d)
          .split('\n')
          .filter((l) => l.includes('queued'))) {
          console.log(
            `  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`,
          );
        }
      });
      child.stderr.on('data', (d) => (text += d));
      child.once('exit', (code) =>
        code === 0 ? resolveRun(text) : reject(new Error(`reindex exited ${code}:\n${text}`)),
      );
    });
    const wall = (performance.now() - started) / 1000;
    const reported = output.match(/reindexed (\d+) documents in ([\d.]+) s/);
    console.log(
      `npm run reindex: ${wall.toFixed(1)} s wall clock for the process (its own report: ${reported ? `${reported[1]} documents in ${reported[2]} s` : output.trim()}), load ${loads()}`,
    );
    const after = await counts();
    const afterTotal = Object.values(after).reduce((a, b) => a + b, 0);
    console.log(`indexed documents after the swap: ${afterTotal}`);
    if (afterTotal !== c.total) console.log(`  !! expected ${c.total} documents after the reindex`);
  }

  // 3. Query latency as a non-admin member.
  const token = await signIn(stack.url, MEMBER);
  const api = keepAliveClient(stack.url, { maxSockets: 1 });
  const apiHeaders = { authorization: `Bearer ${token}` };
  const me = JSON.parse(
    (await api.request('GET', '/api/auth/me', { headers: apiHeaders })).text,
  ).user;
  if (me.role === 'admin') throw new Error('the member must not be an admin');

  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const sqlDb = new Database(createPool(stack.databaseUrl, 2));
  // The multi-search the service makes for one search (a type-narrowed search asks two
  // searches in it: the page and the all-types counts); the direct side sends the same request.
  let captured = [];
  const capture = {
    multiSearch: async (params) => {
      captured.push(params);
      return {
        results: params.queries.map(() => ({
          hits: [],
          facetDistribution: {},
          estimatedTotalHits: 0,
          processingTimeMs: 0,
        })),
      };
    },
  };
  const indexes = new SearchIndexes({ searchIndexPrefix: stack.meili.prefix }, { client: capture });
  const service = new SearchService(indexes, new SearchRepository(sqlDb), { lastError: undefined });
  const {
    rows: [someAuthor],
  } = await db.query(
    `SELECT author_id AS id FROM comment GROUP BY author_id ORDER BY count(*) DESC LIMIT 1`,
  );

  const words = vocabulary();
  const tail = words[2900];
  const queries = [
    ['one broad word', { q: 'kubernetes' }],
    ['one mid-frequency tech word', { q: 'terraform' }],
    ['one rare word', { q: tail }],
    ['two words', { q: 'postgres migration' }],
    ['two words, also a phrase', { q: 'latency budget' }],
    ['typo (kubernets)', { q: 'kubernets' }],
    ['typo (obsevability)', { q: 'obsevability' }],
    ['quoted phrase', { q: '"incident review"' }],
    ['quoted 3-word phrase', { q: '"zero downtime migration"' }],
    ['synonym (k8s)', { q: 'k8s' }],
    ['prefix (observ)', { q: 'observ' }],
    ['three words', { q: 'on-call runbook escalation' }],
    ['six words', { q: 'customer outage postmortem latency spike region' }],
    ['type=item,discussion', { q: 'gpu inference', type: 'item,discussion' }],
    ['tags=security,legal', { q: 'security', tags: 'security,legal' }],
    ['date range (3 months)', { q: 'release', from: '2026-06-01', to: '2026-08-31' }],
    ['series + word', { q: 'cost', series: 'AI Radar' }],
    ['type=decision&status=accepted', { q: 'vendor', type: 'decision', status: 'accepted' }],
    [
      'authorId + type=comment, limit 50',
      { q: 'budget', type: 'comment', authorId: someAuthor.id, limit: 50 },
    ],
    ['empty query (browse by recency)', {}],
    [
      'empty query, actions open/urgent',
      { type: 'action', status: 'open,in_progress', priority: 'urgent,high' },
    ],
    ['deep page (offset 100)', { q: 'platform', offset: 100 }],
  ];
  const prepared = [];
  for (const [label, query] of queries) {
    captured = [];
    await service.search({ user: { id: me.id, role: me.role } }, query);
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    prepared.push({
      label,
      path: `/api/search?${params}`,
      bodies: captured.map((b) => JSON.stringify(b)),
    });
  }

  const callApi = async (p) => {
    const r = await api.request('GET', p.path, { headers: apiHeaders });
    if (r.status !== 200) throw new Error(`${p.path} answered ${r.status}: ${r.text}`);
    return r;
  };
  const callMeili = async (p) => {
    const started = performance.now();
    const answers = await Promise.all(
      p.bodies.map((body) =>
        meili.request('POST', '/multi-search', { headers: meiliHeaders, body }),
      ),
    );
    for (const r of answers) {
      if (r.status !== 200) throw new Error(`multi-search answered ${r.status}: ${r.text}`);
    }
    return { ...answers[0], ms: performance.now() - started };
  };

  // Same request, same answer: the API's hits are exactly Meilisearch's, in the same order.
  let mismatches = 0;
  for (const p of prepared) {
    const a = JSON.parse((await callApi(p)).text);
    const m = JSON.parse((await callMeili(p)).text).results[0];
    p.hits = a.estimatedTotalHits;
    const ids = (hits) => hits.map((h) => `${h.type}:${h.id}`).join(',');
    if (ids(a.hits) !== ids(m.hits)) {
      mismatches++;
      const same =
        ids([...a.hits].sort((x, y) => (x.id < y.id ? -1 : 1))) ===
        ids([...m.hits].sort((x, y) => (x.id < y.id ? -1 : 1)));
      console.log(
        `  !! ${p.label}: the API's hits differ from the direct multi-search's (${same ? 'same hits, other order' : 'other hits'}; totals ${a.estimatedTotalHits} / ${m.estimatedTotalHits})`,
      );
      if (process.env.BENCH_DEBUG) console.log(p.bodies[0], '\n', ids(a.hits), '\n', ids(m.hits));
    }
  }
  // What the member may not read must not come back: Legal-only briefings' documents.
  const { rows: hidden } = await db.query(
    `SELECT b.id FROM briefing b WHERE b.visibility = 'restricted' AND NOT EXISTS (
       SELECT 1 FROM briefing_group bg JOIN user_group_member m ON m.group_id = bg.group_id
        WHERE bg.briefing_id = b.id AND m.user_id = $1)`,
    [me.id],
  );
  const hiddenIds = new Set(hidden.map((r) => r.id));
  let leaks = 0;
  for (const p of prepared) {
    const a = JSON.parse((await callApi(p)).text);
    leaks += a.hits.filter((h) => h.briefing && hiddenIds.has(h.briefing.id)).length;
  }
  console.log(
    `checks: ${mismatches} of ${prepared.length} queries differ between the API and the direct request; ${leaks} hits from the ${hiddenIds.size} briefings the member may not read`,
  );

  for (let i = 0; i < 20; i++) {
    for (const p of prepared) {
      await callApi(p);
      await callMeili(p);
    }
  }
  const all = { api: [], meili: [] };
  for (const p of prepared) Object.assign(p, { api: [], meili: [] });
  const startLoad = loads();
  for (let i = 0; i < requests; i++) {
    for (const p of prepared) {
      // Alternate which goes first, so neither always runs on a just-warmed cache.
      const order = i % 2 === 0 ? ['api', 'meili'] : ['meili', 'api'];
      for (const side of order) {
        const r = side === 'api' ? await callApi(p) : await callMeili(p);
        p[side].push(r.ms);
        all[side].push(r.ms);
      }
    }
  }
  const endLoad = loads();
  const sorted = (v) => [...v].sort((a, b) => a - b);
  console.log(
    `\n${requests} sequential keep-alive requests per query and side after 20 warm-up, 1 client, interleaved (API as ${MEMBER.email}, role ${me.role}):`,
  );
  console.log(
    `  ${'query'.padEnd(36)} ${'hits'.padStart(6)}   API p50   p95  | Meili p50   p95  | p95 ratio  (×2: two searches in the request)`,
  );
  for (const p of prepared) {
    const a = sorted(p.api);
    const m = sorted(p.meili);
    console.log(
      `  ${p.label.padEnd(36)} ${String(p.hits).padStart(6)}  ${fmt(percentile(a, 50))} ${fmt(percentile(a, 95))} | ${fmt(percentile(m, 50))} ${fmt(percentile(m, 95))} | ${(percentile(a, 95) / percentile(m, 95)).toFixed(2)}${JSON.parse(p.bodies[0]).queries.length > 1 ? ' ×2' : ''}`,
    );
  }
  const a = sorted(all.api);
  const m = sorted(all.meili);
  console.log(
    `\nall queries, API GET /api/search:        p50 ${fmt(percentile(a, 50))} ms  p95 ${fmt(percentile(a, 95))} ms  p99 ${fmt(percentile(a, 99))} ms (n=${a.length})`,
  );
  console.log(
    `all queries, Meilisearch /multi-search:  p50 ${fmt(percentile(m, 50))} ms  p95 ${fmt(percentile(m, 95))} ms  p99 ${fmt(percentile(m, 99))} ms (n=${m.length})`,
  );
  console.log(
    `API / Meilisearch: p50 ${(percentile(a, 50) / percentile(m, 50)).toFixed(2)}×, p95 ${(percentile(a, 95) / percentile(m, 95)).toFixed(2)}×, p99 ${(percentile(a, 99) / percentile(m, 99)).toFixed(2)}× (targets: API p95 < 30 ms and ≤ 1.5 × Meilisearch p95)`,
  );
  console.log(`load average: ${startLoad} before the timed loop, ${endLoad} after`);
  await db.end();
  await sqlDb.destroy();
  api.close();
  meili.close();
} finally {
  await stack.stop();
}
