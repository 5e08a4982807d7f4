// Search freshness (issue 6): how long after POST /api/threads/:id/comments answers does
// GET /api/search return the new comment? Each comment carries a word no other document has; a
// poller per comment searches for it every ~10 ms (as the member who posted it) until the
// comment is among the hits. Runs on the 100,000-document corpus of bench/search.mjs.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL as for the others.
// node bench/search-freshness.mjs [paced comments=200] [per second=10] [burst=100] [--scale=1]
import { loadavg } from 'node:os';
import pg from 'pg';
import { signIn } from './lib/api-process.mjs';
import { keepAliveClient } from './lib/keep-alive.mjs';
import { MEMBER, seedSearchCorpus, startSearchStack, waitForOutbox } from './lib/search-corpus.mjs';
import { summary } from './lib/stats.mjs';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [paced = 200, perSecond = 10, burst = 100] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
const scale = Number(flags.find((f) => f.startsWith('--scale='))?.split('=')[1] ?? 1);
const POLL_MS = 10;
if (paced + burst > 676) throw new Error('at most 676 comments (unique four-letter words)');
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A word no generated text contains (the vocabulary has no "qz"), four letters long so the poll is
 * an exact lookup (typos start at five letters): the pollers' own load stays small.
 */
const uniqueWord = (n) =>
  `qz${String.fromCharCode(97 + (Math.floor(n / 26) % 26))}${String.fromCharCode(97 + (n % 26))}`;

console.log(
  `load average at start: ${loads()}; Meilisearch options: ${process.env.BENCH_MEILI_ARGS || 'as npm start runs it'}`,
);
const stack = await startSearchStack({
  port: 3122,
  env: { COMMENT_RATE_LIMIT_PER_MINUTE: '1000000' },
});
try {
  const seeded = await seedSearchCorpus(stack.databaseUrl, { scale });
  await waitForOutbox(stack.databaseUrl);
  console.log(
    `corpus: ${seeded.counts.total} documents indexed (${((performance.now() - seeded.committedAt) / 1000).toFixed(1)} s after the seed's commit)`,
  );
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  // Team threads on the latest briefings, so the member may post and read.
  const { rows: threads } = await db.query(
    `SELECT t.id FROM thread t JOIN briefing b ON b.id = t.briefing_id WHERE b.visibility = 'team'
      ORDER BY b.published_on DESC, t.id LIMIT 10`,
  );

  // One cheap watcher for the server side: a comment is indexed when the indexer deletes its
  // outbox row, which it does only after Meilisearch reports the task done (same transaction).
  const watched = new Map(); // comment id -> { answeredAt, resolve }
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      if (watched.size > 0) {
        const { rows } = await db.query(
          `SELECT entity_id AS id FROM search_outbox WHERE entity_type = 'comment' AND entity_id = ANY($1::uuid[])`,
          [[...watched.keys()]],
        );
        const pending = new Set(rows.map((r) => r.id));
        const now = performance.now();
        for (const [id, w] of watched) {
          if (!pending.has(id)) {
            watched.delete(id);
            w.resolve(now - w.answeredAt);
          }
        }
      }
      await sleep(5);
    }
  })();

  const token = await signIn(stack.url, MEMBER);
  const headers = { authorization: `Bearer ${token}` };
  const poster = keepAliveClient(stack.url, { maxSockets: 10 });
  // Four connections for the pollers: more than the two cores would only queue inside the API.
  const searcher = keepAliveClient(stack.url, { maxSockets: 4 });
  let searches = 0;

  /** Posts one comment; resolves with ms from the POST's answer to the first search that has it. */
  async function postAndWait(n) {
    const word = uniqueWord(n);
    const posted = await poster.request(
      'POST',
      `/api/threads/${threads[n % threads.length].id}/comments`,
      {
        headers,
        body: {
          body: `Freshness check ${n}: does ${word} show up in search yet? latency budget review`,
        },
      },
    );
    if (posted.status !== 201) throw new Error(`post answered ${posted.status}: ${posted.text}`);
    const answeredAt = performance.now();
    const id = JSON.parse(posted.text).id;
    const indexed = new Promise((resolve) => watched.set(id, { answeredAt, resolve }));
    for (;;) {
      const started = performance.now();
      const r = await searcher.request('GET', `/api/search?q=${word}`, { headers });
      searches++;
      if (r.status !== 200) throw new Error(`search answered ${r.status}: ${r.text}`);
      if (JSON.parse(r.text).hits.some((h) => h.id === id)) {
        const found = performance.now() - answeredAt;
        return { found, indexed: await indexed };
      }
      if (performance.now() - answeredAt > 60_000)
        throw new Error(`comment ${n} not searchable after 60 s`);
      await sleep(Math.max(0, POLL_MS - (performance.now() - started)));
    }
  }

  // Paced: one comment every 1/perSecond s, each awaited by its own poller.
  const pacedTimes = [];
  const pacedIndexed = [];
  let t = performance.now();
  const startLoad = loads();
  const waits = [];
  for (let n = 0; n < paced; n++) {
    waits.push(
      postAndWait(n).then((r) => {
        pacedTimes.push(r.found);
        pacedIndexed.push(r.indexed);
      }),
    );
    t += 1000 / perSecond;
    await sleep(Math.max(0, t - performance.now()));
  }
  await Promise.all(waits);
  console.log(
    `paced, ${paced} comments at ${perSecond}/s: POST answered → found by GET /api/search: ${summary(pacedTimes)}; ${searches} searches; load ${startLoad} → ${loads()}`,
  );
  console.log(
    `  … → indexed (its outbox row deleted after Meilisearch's task): ${summary(pacedIndexed)}`,
  );

  // Burst: all at once (10 posting connections), every poller running at the same time.
  searches = 0;
  const burstLoad = loads();
  const burstStarted = performance.now();
  const burstResults = await Promise.all(
    Array.from({ length: burst }, (_, i) => postAndWait(paced + i)),
  );
  const burstTimes = burstResults.map((r) => r.found);
  console.log(
    `burst, ${burst} comments at once: POST answered → found by GET /api/search: ${summary(burstTimes)}; all found ${((performance.now() - burstStarted) / 1000).toFixed(2)} s after the first post; ${searches} searches; load ${burstLoad} → ${loads()}`,
  );
  console.log(
    `  … → indexed (its outbox row deleted after Meilisearch's task): ${summary(burstResults.map((r) => r.indexed))}`,
  );
  watching = false;
  await watcher;
  await db.end();
  console.log(
    `target: p95 < 1 s. Each figure includes up to one poll interval (${POLL_MS} ms) plus one search.`,
  );
  poster.close();
  searcher.close();
} finally {
  await stack.stop();
}
