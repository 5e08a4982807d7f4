// Import latency of the sample over HTTP (parse + store + threads in one transaction), and the
// time to import 1,000 generated briefings of the sample's size.
// Usage: node bench/import.mjs [latencyRuns=300] [bulk=1000] [concurrency=4]
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newDataDir, repoRoot, signIn, startProduct } from './lib/product.mjs';

const [latencyRuns = 300, bulk = 1000, concurrency = 4] = process.argv.slice(2).map(Number);
const sample = await readFile(join(repoRoot, 'api/samples/daily-sync-2026-05-07.txt'), 'utf8');
const dataDir = await newDataDir();
const product = await startProduct({ dataDir, port: 3102, env: { SEED_SAMPLE_BRIEFING: 'false' } });
const token = await signIn(product.url);

/** A distinct briefing of the sample's size: its own series and date, so every import is a new one. */
function generated(n) {
  const date = new Date(Date.UTC(2000, 0, 1) + n * 86_400_000);
  const day = date.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  return sample.replaceAll('May 7, 2026', day).replaceAll('Daily Sync', `Bench Sync ${n % 97}`);
}

async function importOne(text) {
  const started = performance.now();
  const response = await fetch(`${product.url}/api/briefings/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: text,
  });
  if (response.status !== 201) throw new Error(`import answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  return performance.now() - started;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
let n = 0;
for (let i = 0; i < 30; i++) await importOne(generated(n++)); // warm-up
const latencies = [];
for (let i = 0; i < latencyRuns; i++) latencies.push(await importOne(generated(n++)));
latencies.sort((a, b) => a - b);
console.log(`import sample over HTTP (${latencyRuns} sequential): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bulk) {
      next++;
      await importOne(generated(n++));
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(`import ${bulk} generated briefings (concurrency ${concurrency}): ${seconds.toFixed(1)} s (${(bulk / seconds).toFixed(0)}/s)`);

await product.stop();
await rm(dataDir, { recursive: true, force: true });
