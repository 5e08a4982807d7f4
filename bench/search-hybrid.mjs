// Hybrid search at 100,000 documents (issue 15): the local word-vector embedder through the real
// paths, then GET /api/search latency for plain-language questions with meaning on.
// 1. the corpus of bench/search.mjs (~100,000 documents) indexed through the outbox by an API
//    process that has not loaded the word vectors (a fresh install: documents go in without them);
// 2. the first search loads the vectors and queues the `search-reembed` job (pg-boss), which gives
//    every document its vector: its own report (documents, seconds, embedding share) and the time
//    until Meilisearch counts every document embedded;
// 3. `npm run reindex`: everything rebuilt aside with its vectors and swapped in;
// 4. GET /api/search as a non-admin member over plain-language questions, hybrid (ratio 0.4, the
//    default) interleaved with a second API process on the same database and index with
//    SEARCH_SEMANTIC_RATIO=0 (keyword-only), one keep-alive client each.
// A private Meilisearch (own data directory, port BENCH_MEILI_PORT, default 7710) and a throwaway
// database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>).
// node bench/search-hybrid.mjs [requests per question=40] [--scale=1] [--skip-reindex] [--hold]
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { signIn, startApi } from './lib/api-process.mjs';
import { keepAliveClient } from './lib/keep-alive.mjs';
import { MEMBER, seedSearchCorpus, startSearchStack, waitForOutbox } from './lib/search-corpus.mjs';
import { percentile } from './lib/stats.mjs';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [requests = 40] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
const scale = Number(flags.find((f) => f.startsWith('--scale='))?.split('=')[1] ?? 1);
const skipReindex = flags.includes('--skip-reindex');
// --hold: keep both API processes, Meilisearch and the database up after the figures (for
// profiling against them) until Ctrl-C.
const hold = flags.includes('--hold');
const repoRoot = resolve(import.meta.dirname, '..');
const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');

const loads = async () =>
  (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);
const fmt = (v) => v.toFixed(1).padStart(6);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Plain-language questions over the corpus's vocabulary (bench/lib/search-corpus.mjs): filler
// and question words, intents (decide / who owns / said), dates and phrases, as people ask.
const QUESTIONS = [
  'what did we decide about the kubernetes migration',
  'who owns the terraform rollout',
  'what was said about gpu capacity planning',
  'decision on vendor risk assessment',
  'credential rotation policy',
  'monitoring tools consolidation',
  'have we discussed the latency budget',
  'why did we pick postgres over cassandra',
  'open actions on incident review',
  'what was agreed about the data retention policy',
  'who is assigned the on-call handover',
  'any update on the observability dashboard',
  'what did the team say about cost of goods sold',
  'decisions about encryption last month',
  'what was discussed in May about kafka',
  'who owns the billing migration',
  'what did we decide about llama finetuning',
  'how do we handle a zero downtime migration',
  'plans for the disaster recovery drill',
  'security review of vendor contracts',
  'why did the release freeze happen',
  'what is the status of the sso rollout',
  'did we agree to move to graviton',
  'did we stop hiring contractors',
];

console.log(
  `load average at start: ${await loads()}; Meilisearch options: ${process.env.BENCH_MEILI_ARGS || 'as npm start runs it'}`,
);
const meiliPort = Number(process.env.BENCH_MEILI_PORT ?? 7710);
const stack = await startSearchStack({
  port: 3131,
  meiliPort,
  env: { SEARCH_EMBEDDER: 'local', SEARCH_SEMANTIC_RATIO: '0.4' },
});
let keywordApi;
const db = new pg.Client({ connectionString: stack.databaseUrl });
try {
  await db.connect();
  const meili = keepAliveClient(stack.meili.url, { maxSockets: 2 });
  const meiliHeaders = { authorization: `Bearer ${stack.meili.masterKey}` };
  const stats = async () => {
    const r = await meili.request('GET', `/indexes/${stack.meili.prefix}-documents/stats`, {
      headers: meiliHeaders,
    });
    const s = JSON.parse(r.text);
    return { documents: s.numberOfDocuments, embedded: s.numberOfEmbeddedDocuments ?? 0 };
  };

  // 1. Corpus, indexed through the outbox.
  const seeded = await seedSearchCorpus(stack.databaseUrl, { scale });
  const c = seeded.counts;
  console.log(
    `corpus: ${c.total} documents (${c.briefing} briefings, ${c.item} items, ${c.discussion} discussions, ${c.comment} comments, ${c.action} actions, ${c.decision} decisions), generated in ${(seeded.seededMs / 1000).toFixed(1)} s; ${c.outbox} outbox rows`,
  );
  await waitForOutbox(stack.databaseUrl, {
    onProgress: (pending) => {
      const exited = stack.apiExitedWith();
      if (exited !== undefined)
        throw new Error(`the API process exited while indexing:\n${exited}`);
      console.log(`  … ${pending} outbox rows left`);
    },
  });
  const drained = await stats();
  console.log(
    `indexed through the outbox (commit → outbox empty): ${((performance.now() - seeded.committedAt) / 1000).toFixed(1)} s; ${drained.documents} documents, ${drained.embedded} with vectors; load ${await loads()}`,
  );

  // 2. The first search loads the word vectors; the re-embedding job gives every document its vector.
  const token = await signIn(stack.url, MEMBER);
  const auth = { authorization: `Bearer ${token}` };
  const hybridClient = keepAliveClient(stack.url, { maxSockets: 1 });
  const me = JSON.parse(
    (await hybridClient.request('GET', '/api/auth/me', { headers: auth })).text,
  ).user;
  if (me.role === 'admin') throw new Error('the member must not be an admin');
  const ask = (client, q) =>
    client.request('GET', `/api/search?${new URLSearchParams({ q })}`, { headers: auth });
  const triggered = performance.now();
  const first = JSON.parse((await ask(hybridClient, QUESTIONS[0])).text);
  console.log(
    `first search: mode ${first.interpreted.mode} (${first.interpreted.notice ?? 'no notice'})`,
  );
  let job;
  for (;;) {
    const { rows } = await db.query(
      `SELECT state, output, started_on, completed_on, created_on FROM pgboss.job
        WHERE name = 'search-reembed' ORDER BY created_on DESC LIMIT 1`,
    );
    job = rows[0];
    if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) break;
    if (performance.now() - triggered > 15 * 60_000) throw new Error('re-embedding not done');
    await sleep(250);
  }
  const jobDone = performance.now();
  let all = await stats();
  while (all.embedded < all.documents) {
    await sleep(250);
    all = await stats();
  }
  const out = job.output ?? {};
  console.log(
    `search-reembed job ${job.state}: ${out.documents} documents in ${out.seconds?.toFixed(1)} s by its own report (computing vectors ${out.embeddingSeconds?.toFixed(1)} s: ${Math.round(out.documents / out.embeddingSeconds)} documents/s); queued → ran ${((job.started_on - job.created_on) / 1000).toFixed(1)} s; first search → job done ${((jobDone - triggered) / 1000).toFixed(1)} s, → all ${all.embedded}/${all.documents} embedded in Meilisearch ${seconds(triggered)} s; load ${await loads()}`,
  );

  // 3. npm run reindex: a rebuild aside, vectors included, swapped in.
  if (!skipReindex) {
    const started = performance.now();
    const output = await new Promise((resolveRun, reject) => {
      const child = spawn(process.execPath, [resolve(dist, 'search/reindex-cli.js')], {
        cwd: repoRoot,
        env: { ...process.env, ...stack.env, SEARCH_EMBEDDER: 'local', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
        for (const line of String(d)
          .split('\n')
          .filter((l) => l.includes('queued'))) {
          console.log(`  ${seconds(started).padStart(5)} s  ${line}`);
        }
      });
      child.stderr.on('data', (d) => (text += d));
      child.once('exit', (code) =>
        code === 0 ? resolveRun(text) : reject(new Error(`reindex exited ${code}:\n${text}`)),
      );
    });
    const report = output.match(
      /reindexed (\d+) documents in ([\d.]+) s \(computing vectors: ([\d.]+) s\)/,
    );
    const after = await stats();
    console.log(
      `npm run reindex: ${seconds(started)} s process start to exit; its report: ${report ? `${report[1]} documents in ${report[2]} s, computing vectors ${report[3]} s (${Math.round(Number(report[1]) / Number(report[3]))} documents/s)` : output.trim()}; after the swap ${after.embedded}/${after.documents} embedded; load ${await loads()}`,
    );
  }

  // 4. Latency: hybrid here, keyword-only in a second process on the same database and index.
  keywordApi = await startApi({
    port: 3132,
    databaseUrl: stack.databaseUrl,
    env: { ...stack.env, SEARCH_EMBEDDER: 'local', SEARCH_SEMANTIC_RATIO: '0' },
  });
  const keywordClient = keepAliveClient(keywordApi.url, { maxSockets: 1 });
  const sides = { hybrid: hybridClient, keyword: keywordClient };
  const prepared = [];
  for (const q of QUESTIONS) {
    const answers = {};
    for (const [side, client] of Object.entries(sides)) {
      const r = await ask(client, q);
      if (r.status !== 200) throw new Error(`${side} "${q}" answered ${r.status}: ${r.text}`);
      answers[side] = JSON.parse(r.text);
    }
    prepared.push({ q, answers, hybrid: [], keyword: [], meili: [] });
  }
  const notHybrid = prepared.filter((p) => p.answers.hybrid.interpreted.mode !== 'hybrid');
  console.log(
    `questions: ${prepared.length}; answered hybrid: ${prepared.length - notHybrid.length}${notHybrid.length ? ` (keyword-only: ${notHybrid.map((p) => `"${p.q}"`).join(', ')})` : ''}`,
  );
  for (let i = 0; i < 5; i++) {
    for (const p of prepared) for (const client of Object.values(sides)) await ask(client, p.q);
  }
  const totals = { hybrid: [], keyword: [], meili: [] };
  const before = await loads();
  for (let i = 0; i < requests; i++) {
    for (const p of prepared) {
      const order = i % 2 === 0 ? ['hybrid', 'keyword'] : ['keyword', 'hybrid'];
      for (const side of order) {
        const r = await ask(sides[side], p.q);
        if (r.status !== 200) throw new Error(`${side} "${p.q}" answered ${r.status}`);
        p[side].push(r.ms);
        totals[side].push(r.ms);
        if (side === 'hybrid') {
          const ms = JSON.parse(r.text).processingTimeMs;
          p.meili.push(ms);
          totals.meili.push(ms);
        }
      }
    }
  }
  const afterLoad = await loads();
  const sorted = (v) => [...v].sort((a, b) => a - b);
  console.log(
    `\n${requests} sequential keep-alive requests per question and mode after 5 warm-up, interleaved, as ${MEMBER.email} (role ${me.role}):`,
  );
  console.log(
    `  ${'question'.padEnd(50)} ${'hits'.padStart(6)} hybrid p50   p95 | keyword p50   p95 | Meili ms p95 (hybrid)`,
  );
  for (const p of prepared) {
    const h = sorted(p.hybrid);
    const k = sorted(p.keyword);
    console.log(
      `  ${p.q.slice(0, 50).padEnd(50)} ${String(p.answers.hybrid.estimatedTotalHits).padStart(6)} ${fmt(percentile(h, 50))} ${fmt(percentile(h, 95))} |  ${fmt(percentile(k, 50))} ${fmt(percentile(k, 95))} | ${fmt(percentile(sorted(p.meili), 95))}`,
    );
  }
  for (const side of ['hybrid', 'keyword']) {
    const v = sorted(totals[side]);
    console.log(
      `all questions, ${side.padEnd(7)} GET /api/search: p50 ${fmt(percentile(v, 50))} ms  p95 ${fmt(percentile(v, 95))} ms  p99 ${fmt(percentile(v, 99))} ms (n=${v.length})`,
    );
  }
  const m = sorted(totals.meili);
  console.log(
    `hybrid, Meilisearch's processingTimeMs (slowest search of the request): p50 ${fmt(percentile(m, 50))} p95 ${fmt(percentile(m, 95))} p99 ${fmt(percentile(m, 99))}`,
  );
  console.log(
    `load average: ${before} before the timed loop, ${afterLoad} after (target: hybrid p95 < 50 ms)`,
  );
  hybridClient.close();
  keywordClient.close();
  meili.close();
  if (hold) {
    console.log(
      `holding: hybrid ${stack.url}, keyword ${keywordApi.url}, ${JSON.stringify(stack.env)}; Ctrl-C to stop`,
    );
    await new Promise((r) => process.once('SIGINT', r));
  }
} finally {
  await db.end().catch(() => undefined);
  await keywordApi?.stop();
  await stack.stop();
}
