// Time to parse one briefing with the built parser: the shared sample (text) and the Markdown and HTML fixtures,
// in process and (when the build has it) through BriefingParser's worker pool, as the service parses.
// Usage: (cd api && node build.mjs) && node bench/parse.mjs [iterations]
// BRIEFROOM_API_DIST=<dir> measures another build.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.BRIEFROOM_API_DIST ?? `${root}api/dist`;
const { parseBriefings } = await import(`${dist}/briefings/parsing/index.js`).catch(() => {
  console.error('Build the api first: cd api && node build.mjs');
  process.exit(1);
});
const pooled = existsSync(`${dist}/briefings/briefing-parser.js`)
  ? new (await import(`${dist}/briefings/briefing-parser.js`)).BriefingParser()
  : null;

const iterations = Math.max(2_000, Number(process.argv[2] ?? 2_000));
const warmUp = 500;
const fixtures = [
  ['sample text', 'daily-sync-2026-05-07.txt'],
  ['Markdown + front matter', 'platform-weekly-2026-05-04.md'],
  ['saved HTML page', 'saved-page-2026-05-06.html'],
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label, content, parse) {
  for (let i = 0; i < warmUp; i++) await parse(content);
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await parse(content);
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  times.sort();
  const kb = (Buffer.byteLength(content) / 1024).toFixed(1);
  console.log(
    `${label.padEnd(34)} ${kb.padStart(5)} KB  ${iterations} runs  median ${percentile(times, 50).toFixed(3)} ms  p95 ${percentile(times, 95).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms`,
  );
}

for (const [label, file] of fixtures) {
  const content = readFileSync(`${root}api/test/fixtures/briefings/${file}`, 'utf8');
  await measure(label, content, (text) => parseBriefings(text));
  if (pooled) await measure(`${label} (worker pool)`, content, (text) => pooled.parse(text, undefined));
}
await pooled?.onModuleDestroy();
