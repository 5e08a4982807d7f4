// Outbound webhooks, end to end through a real server process: (1) a comment reaches a local
// HTTP receiver (posted one at a time, each waiting for its delivery): p50/p95 from the POST to the
// receiver's read of the signed body; (2) 1,000 deliveries queued while the hook was paused drain
// once it resumes: time until the receiver has all of them and the log says delivered.
// Usage: npm run build first; node bench/webhooks.mjs [comments=100] [queued=1000]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { signIn, startApi } from './lib/api-process.mjs';
import { percentile } from './lib/stats.mjs';

const [comments = 100, queued = 1000] = process.argv.slice(2).map(Number);
const sample = readFileSync(
  new URL('../api/samples/daily-sync-2026-05-07.txt', import.meta.url),
  'utf8',
);

const arrivals = new Map();
let received = 0;
const receiver = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    received += 1;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const id = body.data?.comment?.id;
    if (id) arrivals.get(id)?.(performance.now());
    response.writeHead(200).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const { port } = receiver.address();

const api = await startApi({
  port: 3131,
  env: {
    OUTBOUND_ALLOWLIST: `127.0.0.1:${port}`,
    MEILI_URL: process.env.TEST_MEILI_URL,
    MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY,
    SEARCH_INDEX_PREFIX: `bench_hooks_${Date.now()}`,
    COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
  },
});
const db = new pg.Client({ connectionString: api.databaseUrl });
try {
  await db.connect();
  const token = await signIn(api.url);
  const call = async (method, path, body) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  const briefing = await call('POST', '/api/briefings/import', { content: sample, format: 'text' });
  const threadId = briefing.sections.find((section) => section.discussion).discussion.threadId;
  const hook = await call('POST', '/api/webhooks', {
    url: `http://127.0.0.1:${port}/hook`,
    events: ['comment.created'],
  });

  // (1) comment → receiver
  const latencies = [];
  for (let i = 0; i < comments; i += 1) {
    const started = performance.now();
    const comment = await call('POST', `/api/threads/${threadId}/comments`, {
      body: `Bench comment ${i}`,
    });
    const arrivedAt = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`comment ${i} never arrived`)), 30_000);
      arrivals.set(comment.id, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    latencies.push(arrivedAt - started);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `comment → webhook receiver (${comments} sequential): p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies.at(-1).toFixed(0)} ms`,
  );

  // (2) a backlog of queued deliveries drains
  await call('PATCH', `/api/webhooks/${hook.webhook.id}`, { active: false });
  await db.query(
    `INSERT INTO webhook_delivery (webhook_id, event, payload, next_attempt_at)
     SELECT webhook_id, event, payload, now() FROM webhook_delivery d, generate_series(1, $2)
      WHERE d.webhook_id = $1 AND d.id = (SELECT id FROM webhook_delivery WHERE webhook_id = $1 LIMIT 1)`,
    [hook.webhook.id, queued],
  );
  const before = received;
  const started = performance.now();
  await call('PATCH', `/api/webhooks/${hook.webhook.id}`, { active: true });
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS pending FROM webhook_delivery WHERE webhook_id = $1 AND state = 'pending'`,
      [hook.webhook.id],
    );
    if (rows[0].pending === 0 && received - before >= queued) break;
    if (performance.now() - started > 120_000)
      throw new Error(`not drained: ${rows[0].pending} pending`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${queued} queued deliveries drained in ${seconds.toFixed(2)} s (${(queued / seconds).toFixed(0)} per second)`,
  );
} finally {
  await db.end().catch(() => undefined);
  await api.stop();
  receiver.close();
}
