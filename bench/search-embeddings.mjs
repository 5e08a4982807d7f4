// The in-process embedder of hybrid search (issue 15): loading the word vectors (the package's
// 307 MB JSON once, then the compact copy), embedding a query, and embedding documents shaped like
// bench/search.mjs's 100,000-document corpus (a title of ~8 words, a body of ~60, a context of ~6,
// from the same vocabulary), so a reindex's embedding share can be told apart from Meilisearch's.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>).
// node bench/search-embeddings.mjs [documents=100000] [--cold]   (--cold: parse the package again)
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { vocabulary } from './lib/search-corpus.mjs';
import { percentile } from './lib/stats.mjs';

const repoRoot = resolve(import.meta.dirname, '..');
const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
const load = (file) => import(pathToFileURL(resolve(dist, file)).href);
const { loadWordVectors, modelPath, VOCABULARY_SIZE } = await load('search/word-vectors.js');
const { embedDocument, embedText } = await load('search/search-embedder.js');

const [count = 100_000] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
if (process.argv.includes('--cold')) {
  const cache = join(dirname(modelPath()), '..', '.cache', 'briefroom-word-vectors');
  if (existsSync(cache)) rmSync(cache, { recursive: true, force: true });
}

let t = performance.now();
const model = await loadWordVectors();
console.log(
  `word vectors: ${model.rows.size} words × ${model.dimensions} (of ${VOCABULARY_SIZE} asked) loaded in ${(performance.now() - t).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);

// Queries: the judged questions' kind of length.
const queries = [
  'key rotation',
  'credential rotation policy',
  'monitoring tools consolidation',
  'stop hiring contractors',
  'GPU capacity planning',
  'incident review policy',
];
const times = [];
for (let i = 0; i < 20_000; i++) {
  const q = queries[i % queries.length];
  const s = performance.now();
  embedText(model, q);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(
  `query embedding: p50 ${(percentile(times, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(times, 99) * 1000).toFixed(1)} µs (n=${times.length})`,
);

const words = vocabulary(3000);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const text = (n) =>
  Array.from({ length: n }, () => words[Math.floor(random() * random() * words.length)]).join(' ');
const docs = Array.from({ length: count }, () => ({
  title: text(8),
  heading: '',
  body: text(60),
  context: text(6),
}));
t = performance.now();
let dims = 0;
for (const doc of docs) dims += embedDocument(model, doc)?.length ?? 0;
const seconds = (performance.now() - t) / 1000;
console.log(
  `document embedding: ${count} documents in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} documents/s, ${dims / count} dimensions each)`,
);
