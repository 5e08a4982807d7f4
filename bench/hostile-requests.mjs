// What one anonymous hostile request costs the server: for each, the answer, its size, how long it
// took, and the slowest GET /api/health sent every 20 ms meanwhile (a stalled event loop shows
// there). The outside review's case was the first: a login body with 100,000 unknown keys stalled
// every request for 18 s and echoed every key in a 7.5 MB error.
// Usage: node bench/hostile-requests.mjs [repeats=5]
import { rm } from 'node:fs/promises';
import { keepAliveClient } from './lib/keep-alive.mjs';
import { newDataDir, startProduct } from './lib/product.mjs';

const [repeats = 5] = process.argv.slice(2).map(Number);

const manyKeys = (count) =>
  JSON.stringify(
    Object.fromEntries([
      ['email', 'a@example.com'],
      ['password', 'password-long-enough'],
      ...Array.from({ length: count }, (_, i) => [`k${i}`, i]),
    ]),
  );
const cases = [
  ['login, 100,000 unknown keys (1.5 MB)', 'POST', '/api/auth/login', manyKeys(100_000)],
  ['login, 1,000 unknown keys', 'POST', '/api/auth/login', manyKeys(1_000)],
  ['login, JSON nested 100,000 deep', 'POST', '/api/auth/login', '['.repeat(100_000) + ']'.repeat(100_000)],
  ['login, 100,000 NULs in the password (0.6 MB)', 'POST', '/api/auth/login', JSON.stringify({ email: 'a@example.com', password: '\u0000'.repeat(100_000) })],
  ['login, 100,000 lone surrogates (0.6 MB)', 'POST', '/api/auth/login', JSON.stringify({ email: '\ud800'.repeat(100_000), password: 'x' })],
];

const dataDir = await newDataDir();
const product = await startProduct({ dataDir, port: 3140, env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' } });
const client = keepAliveClient(product.url, { maxSockets: 4 });
const prober = keepAliveClient(product.url, { maxSockets: 1 });

console.log(`hostile requests, ${repeats} each (median of the request time, worst health probe)`);
for (const [label, method, path, body] of cases) {
  const times = [];
  let worstProbe = 0;
  let status;
  let size;
  for (let i = 0; i < repeats; i += 1) {
    let probing = true;
    const probes = (async () => {
      while (probing) {
        const probe = await prober.request('GET', '/api/health');
        worstProbe = Math.max(worstProbe, probe.ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const response = await client.request(method, path, { body });
    probing = false;
    await probes;
    times.push(response.ms);
    status = response.status;
    size = Buffer.byteLength(response.text);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(40)} ${status}, ${size} B answer, ${times[Math.floor(times.length / 2)].toFixed(0)} ms; slowest health probe meanwhile ${worstProbe.toFixed(0)} ms`,
  );
}
client.close();
prober.close();
await product.stop();
await rm(dataDir, { recursive: true, force: true });
