// Authenticated GET /api/auth/me vs plain GET /api/health, 50 connections (autocannon).
// Usage: node bench/auth-me.mjs [seconds]   (BENCH_URL + BENCH_TOKEN to hit a running instance)
import autocannon from 'autocannon';
import { rm } from 'node:fs/promises';
import { newDataDir, signIn, startProduct } from './lib/product.mjs';

const duration = Number(process.argv[2] ?? 10);
let product;
let dataDir;
let url = process.env.BENCH_URL;
if (!url) {
  dataDir = await newDataDir();
  product = await startProduct({ dataDir, port: 3101, env: { LOG_LEVEL: 'warn' } });
  url = product.url;
}
const token = process.env.BENCH_TOKEN ?? (await signIn(url));

async function run(title, path, headers = {}) {
  await autocannon({ url: `${url}${path}`, connections: 50, duration: 2, headers }); // warm-up
  const result = await autocannon({ url: `${url}${path}`, connections: 50, duration, headers });
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(28)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx/errors ${non2xx}`,
  );
}

await run('GET /api/auth/me (bearer)', '/api/auth/me', { authorization: `Bearer ${token}` });
await run('GET /api/health', '/api/health');
if (product) {
  await product.stop();
  await rm(dataDir, { recursive: true, force: true });
}
