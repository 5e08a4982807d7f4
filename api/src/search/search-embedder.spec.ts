import { embedDocument, embedText, embedderSettings, tokens } from './search-embedder.js';
import { readSearchEmbedderConfig } from './search-embedder-config.js';
import { loadWordVectors, type WordVectors } from './word-vectors.js';

const cosine = (a: number[] | null, b: number[] | null) =>
  a && b ? a.reduce((sum, v, i) => sum + v * b[i], 0) : 0;

describe('search embedder (averaged word vectors)', () => {
  let model: WordVectors;

  beforeAll(async () => {
    model = await loadWordVectors();
  }, 180_000);

  it('loads the most frequent words of the package, most frequent first', () => {
    expect(model.rows.size).toBe(341_479);
    expect(model.rows.has('observability')).toBe(true);
    expect(model.rows.get('the')).toBe(0);
    expect(model.rows.get('credential')).toBeGreaterThan(1000);
  });

  it('puts texts about the same thing closer than texts about different things', () => {
    const keys = embedText(model, 'credential rotation');
    const decision = embedDocument(model, {
      title: 'Rotate AI vendor keys quarterly',
      heading: 'Rotate AI vendor keys quarterly',
      body: 'Every vendor API key is rotated each quarter.',
      context: '',
    });
    const gpu = embedText(model, 'GPU capacity planning has to start from the power budget');
    expect(cosine(keys, decision)).toBeGreaterThan(cosine(keys, gpu));
    const stop = embedText(model, 'stop hiring contractors');
    expect(cosine(stop, embedText(model, 'freeze contractor hiring'))).toBeGreaterThan(
      cosine(stop, embedText(model, 'rotate vendor keys')),
    );
  });

  it('gives unit vectors, and none for text it knows no word of', () => {
    const v = embedText(model, 'quarterly key rotation')!;
    expect(v).toHaveLength(100);
    expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-3);
    expect(embedText(model, 'zzqxv qqxzz')).toBeNull();
    expect(embedText(model, '')).toBeNull();
  });

  it('embeds a query in well under a millisecond', () => {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) embedText(model, 'what did we decide about key rotation');
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });

  it('tokenises as GloVe did: folded, lower case, possessives split', () => {
    expect(tokens('Dana’s 8th‑gen TPU')).toEqual(['dana', "'s", '8th', 'gen', 'tpu']);
  });

  it('configures Meilisearch for each embedder', () => {
    expect(embedderSettings(readSearchEmbedderConfig({}))).toEqual({
      default: { source: 'userProvided', dimensions: 100 },
    });
    expect(embedderSettings(readSearchEmbedderConfig({ SEARCH_EMBEDDER: 'none' }))).toEqual({
      default: null,
    });
    const rest = embedderSettings(
      readSearchEmbedderConfig({
        SEARCH_EMBEDDER: 'rest',
        SEARCH_EMBEDDER_URL: 'http://llm:8000/v1/embeddings',
        SEARCH_EMBEDDER_MODEL: 'bge-small',
        SEARCH_EMBEDDER_DIMENSIONS: '384',
      }),
    );
    expect(rest.default).toMatchObject({ source: 'rest', dimensions: 384 });
    const ollama = embedderSettings(
      readSearchEmbedderConfig({
        SEARCH_EMBEDDER: 'ollama',
        SEARCH_EMBEDDER_URL: 'http://ollama:11434',
        SEARCH_EMBEDDER_MODEL: 'nomic-embed-text',
      }),
    );
    expect(ollama.default).toMatchObject({
      source: 'ollama',
      url: 'http://ollama:11434/api/embed',
    });
  });

  it('refuses a bad embedder configuration with a sentence naming the variable', () => {
    expect(() => readSearchEmbedderConfig({ SEARCH_EMBEDDER: 'bert' })).toThrow(
      /SEARCH_EMBEDDER must be/,
    );
    expect(() => readSearchEmbedderConfig({ SEARCH_EMBEDDER: 'rest' })).toThrow(
      /SEARCH_EMBEDDER_URL/,
    );
    expect(() => readSearchEmbedderConfig({ SEARCH_SEMANTIC_RATIO: '2' })).toThrow(
      /SEARCH_SEMANTIC_RATIO/,
    );
    expect(() =>
      readSearchEmbedderConfig({
        SEARCH_EMBEDDER: 'rest',
        SEARCH_EMBEDDER_URL: 'http://x/v1/embeddings',
        SEARCH_EMBEDDER_MODEL: 'm',
      }),
    ).toThrow(/SEARCH_EMBEDDER_DIMENSIONS/);
  });
});
