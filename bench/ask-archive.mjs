// "Ask the archive" (issue 15): the judged plain-language questions of
// api/test/fixtures/ask-archive/archive.json over their seeded archive, answered by GET /api/search
// keyword-only and hybrid, with the share answered in the top 3 and at rank 1 for each, and the
// API's latency per question. Two API instances share one database and one index: the same
// documents, the same vectors, only SEARCH_SEMANTIC_RATIO differs (0 = words only).
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); TEST_MEILI_URL/TEST_MEILI_MASTER_KEY
// (or MEILI_URL/MEILI_MASTER_KEY) name a Meilisearch; BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) gets a throwaway database.
// node bench/ask-archive.mjs [--verbose]
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  ARCHIVE,
  judge,
  namePeople,
  seedArchive,
} from '../api/test/fixtures/ask-archive/archive.mjs';
import { percentile } from './lib/stats.mjs';

const verbose = process.argv.includes('--verbose');
const repoRoot = resolve(import.meta.dirname, '..');
const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
const load = (file) => import(pathToFileURL(resolve(dist, file)).href);
const { loadConfig } = await load('config/app-config.js');
const { startServer } = await load('server.js');
const { UsersRepository } = await load('users/users.repository.js');
const { AuthService } = await load('auth/auth.service.js');

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const meiliUrl = process.env.MEILI_URL ?? process.env.TEST_MEILI_URL;
const meiliKey = process.env.MEILI_MASTER_KEY ?? process.env.TEST_MEILI_MASTER_KEY;
if (!meiliUrl) throw new Error('Set MEILI_URL (or TEST_MEILI_URL) to a Meilisearch 1.21');

async function admin(sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `briefroom_ask_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
await admin(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const databaseUrl = url.toString();

function start(semanticRatio) {
  return startServer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      MEILI_URL: meiliUrl,
      MEILI_MASTER_KEY: meiliKey,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_BUILD_DIR: '/nonexistent-web-build',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
      SEED_SAMPLE_BRIEFING: 'false',
      REMINDER_INTERVAL_SECONDS: '0',
      SAVED_SEARCH_ALERT_INTERVAL_SECONDS: '0',
      SEARCH_INDEX_PREFIX: name,
      SEARCH_SEMANTIC_RATIO: String(semanticRatio),
    }),
  );
}
const base = (server) => `http://127.0.0.1:${server.app.getHttpServer().address().port}`;

const hybrid = await start(0.4);
let keyword;
try {
  const users = {};
  let n = 0;
  for (const person of ARCHIVE.people) {
    const user = await hybrid.app.get(UsersRepository).create({
      email: `${person.key}${++n}@example.com`,
      displayName: person.name,
      role: person.role,
      passwordHash: null,
    });
    const session = await hybrid.app
      .get(AuthService)
      .startSession(user, { userAgent: 'bench', ip: '127.0.0.1' });
    users[person.key] = { id: user.id, token: session.token };
  }
  await namePeople(databaseUrl, users);
  const seeded = performance.now();
  const ids = await seedArchive(base(hybrid), databaseUrl, users);
  console.log(
    `archive: ${ARCHIVE.briefings.length} briefings, ${ARCHIVE.decisions.length} decisions, ${ARCHIVE.actions.length} actions, ${ARCHIVE.comments.length} comments by ${ARCHIVE.people.length} people; seeded and indexed in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );
  keyword = await start(0);
  // A first question in each, so the word vectors are loaded and the coverage known.
  await judge(base(hybrid), users.priya.token, ids, ARCHIVE.questions.slice(0, 1));
  await new Promise((r) => setTimeout(r, 6_000));

  const rows = [];
  for (const [label, server] of [
    ['keyword-only', keyword],
    ['hybrid', hybrid],
  ]) {
    const times = [];
    const timed = [];
    for (const question of ARCHIVE.questions) {
      const t = performance.now();
      const [answer] = (await judge(base(server), users.priya.token, ids, [question])).answers;
      times.push(performance.now() - t);
      timed.push(answer);
    }
    const share = (k) => timed.filter((a) => a.rank !== null && a.rank <= k).length;
    const modes = [...new Set(timed.map((a) => a.interpreted.mode))].join('/');
    rows.push({
      label,
      top3: share(3),
      first: share(1),
      total: timed.length,
      p50: percentile(
        times.toSorted((a, b) => a - b),
        50,
      ),
      p95: percentile(
        times.toSorted((a, b) => a - b),
        95,
      ),
      modes,
      missed: timed.filter((a) => a.rank === null || a.rank > 3),
      issue: ARCHIVE.questions
        .map((q, i) => (q.source === 'issue' ? timed[i] : null))
        .filter(Boolean),
    });
    if (verbose) {
      for (const a of timed) console.log(`  ${label}\t${a.rank ?? '-'}\t${a.q}\t${a.top[0] ?? ''}`);
    }
  }
  console.log(`\n${ARCHIVE.questions.length} judged questions (the issue's 7 examples among them)`);
  console.log(
    'mode          top 3          rank 1         issue top 3  API p50/p95 ms  (mode reported)',
  );
  for (const r of rows) {
    const pct = (k) => `${k}/${r.total} (${((100 * k) / r.total).toFixed(0)}%)`.padEnd(15);
    const issueTop3 = r.issue.filter((a) => a.rank !== null && a.rank <= 3).length;
    console.log(
      `${r.label.padEnd(14)}${pct(r.top3)}${pct(r.first)}${`${issueTop3}/${r.issue.length}`.padEnd(13)}${r.p50.toFixed(1)}/${r.p95.toFixed(1)}        (${r.modes})`,
    );
  }
  for (const r of rows) {
    for (const a of r.missed) console.log(`  ${r.label} missed: "${a.q}" → ${a.top.join(' | ')}`);
  }
} finally {
  await keyword?.close();
  await hybrid.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
