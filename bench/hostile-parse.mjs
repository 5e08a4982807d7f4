// What hostile documents an editor could import cost the server: for each one, the answer, how long
// the request takes and the longest event-loop stall of the server's main thread meanwhile (the API
// runs in this process, so monitorEventLoopDelay sees its loop), plus the slowest /api/health probe
// sent every 50 ms during the import. Needs PostgreSQL (BENCH_DATABASE_URL, default the machine's).
// Usage: (cd api && node build.mjs) && node bench/hostile-parse.mjs [name…]
// BRIEFROOM_API_DIST=<dir> measures another build (e.g. one of an older commit); MEILI_URL optional.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';

const repoRoot = resolve(import.meta.dirname, '..');
const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
const ADMIN = { email: 'bench@example.com', password: 'bench-password-long' };

const nestedDivs = (n) => `<h1>Deep: May 7, 2026</h1>${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`;
const aliasBomb = (levels) => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= levels; level++) {
    const previous = `*a${level - 1}`;
    lines.push(`a${level}: &a${level} [${Array(10).fill(previous).join(', ')}]`);
  }
  return `---\n${lines.join('\n')}\ntitle: Bomb\ndate: 2026-05-07\nauthor: *a${levels}\n---\n\n## News\n\n- **A.** B.\n`;
};
const manyPrompts = (n) => {
  const sections = [];
  for (let i = 0; i < n; i++)
    sections.push(`## Topic ${i}\n\n- **Item ${i}.** Body.\n\n**Discussion:** Why ${i}?\n`);
  return `# Many Prompts: May 7, 2026\n\n${sections.join('\n')}`;
};
const nestedRss = (n) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Deep: May 7, 2026</title>` +
  `${'<x>'.repeat(n)}y${'</x>'.repeat(n)}<description>News</description></item></channel></rss>`;

const billionLaughs = () => {
  const entities = ['<!ENTITY lol "lol">'];
  for (let level = 1; level <= 9; level++)
    entities.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE rss [${entities.join('')}]><rss version="2.0"><channel><item><title>&lol9;</title><description>x</description></item></channel></rss>`;
};
// ASCII-looking HTML declared as UTF-16: decoded it is mojibake, never a crash.
const lyingCharset = () =>
  Buffer.from('<html><head><meta charset="utf-16"></head><body><h1>Café: May 7, 2026</h1><h2>News</h2><ul><li><b>A.</b> B.</li></ul></body></html>');

const HOSTILE = [
  ['html-10mb', 'text/html', () => `<h1>Big: May 7, 2026</h1><p>${'word '.repeat(2_000_000)}</p>`],
  ['xml-billion-laughs', 'application/rss+xml', billionLaughs],
  ['html-lying-charset', 'text/html; charset=utf-16', lyingCharset],
  [
    'html-300k-unclosed-b',
    'text/html',
    () => `<h1>Bold: May 7, 2026</h1>${'<b>x'.repeat(300_000)}`,
  ],
  ['html-100k-nested-div', 'text/html', () => nestedDivs(100_000)],
  ['rss-100k-nested', 'application/rss+xml', () => nestedRss(100_000)],
  ['yaml-alias-bomb-1e7', 'text/markdown', () => aliasBomb(6)],
  ['markdown-20k-prompts', 'text/markdown', () => manyPrompts(20_000)],
];

async function admin(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const wanted = process.argv.slice(2);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `briefroom_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
await admin(serverUrl, `CREATE DATABASE ${database}`);
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${database}`;

// A page that inflates 20 MB → 10 GB-class: 100 MB of zeros gzipped is ~100 KB on the wire.
const bombBytes = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
const bombServer = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
  response.end(bombBytes);
});
await new Promise((r) => bombServer.listen(0, '127.0.0.1', r));
const bombAddress = `127.0.0.1:${bombServer.address().port}`;

const { startServer, loadConfig } = await import(`${dist}/server.js`);
const server = await startServer(
  loadConfig({
    DATABASE_URL: databaseUrl.toString(),
    MEILI_URL: process.env.MEILI_URL,
    MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_SAMPLE_BRIEFING: 'false',
    WEB_BUILD_DIR: '/nonexistent-web-build',
    REMINDER_INTERVAL_SECONDS: '0',
    SEARCH_INDEX_PREFIX: database,
    OUTBOUND_ALLOWLIST: bombAddress,
  }),
);
const base = `http://127.0.0.1:${server.app.getHttpServer().address().port}`;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(ADMIN),
});
const { token } = await login.json();

/** Probes /api/health every 50 ms until stopped; resolves with the slowest answer and the failures. */
function probeHealth() {
  let stopped = false;
  let slowest = 0;
  let failed = 0;
  const done = (async () => {
    while (!stopped) {
      const started = performance.now();
      await fetch(`${base}/api/health`)
        .then((r) => r.arrayBuffer())
        .catch(() => failed++);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { slowest, failed };
  })();
  return () => {
    stopped = true;
    return done;
  };
}

/** Longest stall and slowest probe over a while with no import: the floor the machine's load sets. */
async function idleFloor(ms) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stopProbe = probeHealth();
  await new Promise((r) => setTimeout(r, ms));
  const health = await stopProbe();
  loop.disable();
  return `max loop stall ${(loop.max / 1e6).toFixed(0)} ms  slowest health ${health.slowest.toFixed(0)} ms`;
}

console.log(`build: ${dist}`);
console.log(`${'idle (3 s, no import)'.padEnd(80)}${await idleFloor(3_000)}`);
// The first parse starts the worker pool (where there is one): timed apart, then the hostile ones.
const sample = await readFile(resolve(repoRoot, 'api/samples/daily-sync-2026-05-07.txt'), 'utf8');
const warmUp = performance.now();
const first = await fetch(`${base}/api/briefings/import`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
  body: sample,
});
console.log(`${`first import (the sample)  ${first.status}`.padEnd(80)}request ${((performance.now() - warmUp) / 1000).toFixed(2)} s`);
HOSTILE.push([
  'url-gzip-bomb',
  'application/json',
  () => JSON.stringify({ url: `http://${bombAddress}/bomb.html` }),
  '/api/briefings/import-url',
]);
for (const [name, type, make, route = '/api/briefings/import'] of HOSTILE) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const body = make();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The monitor records from its second tick on: a small document would be parsed before that.
  await new Promise((r) => setTimeout(r, 50));
  const stopProbe = probeHealth();
  const started = performance.now();
  const outcome = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  }).then(
    async (response) => {
      const answer = await response.json();
      const code =
        answer.error?.code ??
        (answer.briefings ? `${answer.briefings.length} briefings` : 'stored');
      return `${response.status} ${code} ${answer.error?.details?.limit ?? answer.error?.details?.reason ?? ''}`;
    },
    (error) => `failed: ${error.cause?.code ?? error.message}`,
  );
  const elapsed = performance.now() - started;
  const health = await stopProbe();
  loop.disable();
  console.log(
    `${name.padEnd(22)} ${(Buffer.byteLength(body) / 1024).toFixed(0).padStart(5)} KB  ${outcome}`.padEnd(
      80,
    ) +
      `request ${(elapsed / 1000).toFixed(2)} s  max loop stall ${(loop.max / 1e6).toFixed(0)} ms  ` +
      `slowest health ${health.slowest.toFixed(0)} ms${health.failed ? ` (${health.failed} failed)` : ''}`,
  );
}

await server.close();
bombServer.close();
await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
