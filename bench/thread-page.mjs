// First page of a 5,000-comment thread at the API (GET /api/threads/:id, 200 comments).
// Usage: node bench/thread-page.mjs [comments=5000] [requests=500]
import { rm } from 'node:fs/promises';
import { newDataDir, signIn, startProduct } from './lib/product.mjs';
import { summary } from './lib/stats.mjs';

const [total = 5000, requests = 500] = process.argv.slice(2).map(Number);
const dataDir = await newDataDir();
const product = await startProduct({ dataDir, port: 3103, env: { COMMENT_RATE_LIMIT_PER_MINUTE: '1000000' } });
const token = await signIn(product.url);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const briefing = await (await fetch(`${product.url}/api/briefings/daily-sync-2026-05-07`, { headers })).json();
const threadId = briefing.sections[0].discussion.threadId;

// Fill the thread through the API: replies nest under earlier comments, with some Markdown.
const ids = [];
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < total) {
      const n = next++;
      const parentId = n > 10 && n % 3 ? ids[Math.floor(Math.random() * ids.length)] : null;
      const response = await fetch(`${product.url}/api/threads/${threadId}/comments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ body: `Comment **${n}** on power, location and _security_ — see https://example.com/${n}`, parentId }),
      });
      if (response.status !== 201) throw new Error(`post answered ${response.status}: ${await response.text()}`);
      ids.push((await response.json()).id);
    }
  }),
);

async function timed() {
  const started = performance.now();
  const response = await fetch(`${product.url}/api/threads/${threadId}`, { headers });
  const body = await response.json();
  if (body.comments.length !== 200) throw new Error(`expected 200 comments, got ${body.comments.length}`);
  return performance.now() - started;
}
for (let i = 0; i < 50; i++) await timed(); // warm-up
const sequential = [];
for (let i = 0; i < requests; i++) sequential.push(await timed());
console.log(`first page of a ${total}-comment thread, 1 client:   ${summary(sequential)}`);
const concurrent = [];
let left = requests;
await Promise.all(Array.from({ length: 10 }, async () => { while (left-- > 0) concurrent.push(await timed()); }));
console.log(`first page of a ${total}-comment thread, 10 clients: ${summary(concurrent)}`);
await product.stop();
await rm(dataDir, { recursive: true, force: true });
