// Time from `npm start` (already built) to a healthy /api/health: a fresh data dir, then a restart on the same data.
// Usage: node bench/startup.mjs [runs]
import { rm } from 'node:fs/promises';
import { newDataDir, startProduct } from './lib/product.mjs';

const runs = Number(process.argv[2] ?? 3);
const dataDir = await newDataDir();
const results = [];
for (let run = 0; run <= runs; run++) {
  const product = await startProduct({ dataDir, port: 3100 });
  results.push(product.readyMs);
  await product.stop();
}
await rm(dataDir, { recursive: true, force: true });
const [first, ...warm] = results;
const sorted = [...warm].sort((a, b) => a - b);
console.log(`startup to healthy, first start (creates data): ${first.toFixed(0)} ms`);
console.log(`startup to healthy, data present (${warm.length} runs): median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms`);
