import {
  MeilisearchApiError,
  MeilisearchRequestError,
  type MultiSearchParams,
  type SearchParams,
} from 'meilisearch';
import type { SearchIndexer } from './search-indexer.js';
import type { SearchIndexes } from './search-indexes.js';
import type { SearchRepository } from './search.repository.js';
import { rankIntentFirst, SearchService } from './search.service.js';

/** A service over a fake index holding `embedded` of `documents` vectors. */
function serviceWith(options: {
  documents: number;
  embedded: number;
  vector?: number[] | null;
  kind?: 'local' | 'ollama' | 'none';
}) {
  const sent: SearchParams[] = [];
  const requests: number[] = [];
  let statsCalls = 0;
  const indexes = {
    client: {
      multiSearch: async ({ queries }: MultiSearchParams) => {
        sent.push(...queries);
        requests.push(queries.length);
        return {
          results: queries.map(() => ({ hits: [], estimatedTotalHits: 0, processingTimeMs: 1 })),
        };
      },
    },
    uid: () => 'docs',
    embeddedShare: async () => {
      statsCalls++;
      return { documents: options.documents, embedded: options.embedded };
    },
  } as never as SearchIndexes;
  const repository = {
    readerKeys: async () => ['team'],
    people: async () => [],
  } as never as SearchRepository;
  const kind = options.kind ?? 'local';
  const embedder = {
    hybrid: kind !== 'none',
    config: { kind, semanticRatio: 0.4 },
    queryVector: () =>
      kind === 'local' ? ('vector' in options ? options.vector : [0.6, 0.8]) : undefined,
  } as never;
  const sut = new SearchService(indexes, repository, {} as SearchIndexer, embedder);
  const auth = { user: { id: 'u1', role: 'member' } } as never;
  return { sent, sut, auth, requests, stats: () => statsCalls };
}

describe('SearchService: meaning or words', () => {
  it('searches hybrid with the query vector when every document has its vector', async () => {
    const { sut, auth, sent } = serviceWith({ documents: 10, embedded: 10 });
    const result = await sut.search(auth, { q: 'key rotation' });
    expect(result.interpreted).toMatchObject({ mode: 'hybrid', notice: null });
    expect(sent[0]).toMatchObject({
      q: 'key rotation',
      hybrid: { embedder: 'default', semanticRatio: 0.4 },
      vector: [0.6, 0.8],
    });
  });

  it('stays keyword-only, and says so, while vectors are missing', async () => {
    const { sut, auth, sent } = serviceWith({ documents: 10, embedded: 7 });
    const result = await sut.search(auth, { q: 'key rotation' });
    expect(result.interpreted.mode).toBe('keyword');
    expect(result.interpreted.notice).toMatch(/matching words only/i);
    expect(sent[0].hybrid).toBeUndefined();
    expect(sent[0].vector).toBeUndefined();
  });

  it('asks for the query vector even while vectors are missing (it starts loading the word vectors)', async () => {
    // A fresh process indexed documents before the word vectors were loaded: only a search asks
    // for them, and once they are in, the re-embedding job is queued (SearchEmbedder.ready).
    let asked = 0;
    const { sut, auth } = serviceWith({ documents: 10, embedded: 0 });
    const embedder = (sut as unknown as { embedder: { queryVector: () => unknown } }).embedder;
    embedder.queryVector = () => {
      asked++;
      return null;
    };
    const result = await sut.search(auth, { q: 'key rotation' });
    expect(asked).toBe(1);
    expect(result.interpreted).toMatchObject({ mode: 'keyword' });
    expect(result.interpreted.notice).toMatch(/still computing/i);
  });

  it('asks Meilisearch for the coverage at most every few seconds', async () => {
    const { sut, auth, stats } = serviceWith({ documents: 10, embedded: 10 });
    for (let i = 0; i < 5; i++) await sut.search(auth, { q: 'keys' });
    expect(stats()).toBe(1);
  });

  it('is keyword-only, with no notice, when no word of the query is known or meaning is off', async () => {
    const unknown = serviceWith({ documents: 1, embedded: 1, vector: null });
    expect((await unknown.sut.search(unknown.auth, { q: 'zzqx' })).interpreted).toMatchObject({
      mode: 'keyword',
      notice: null,
    });
    const off = serviceWith({ documents: 1, embedded: 0, kind: 'none' });
    expect((await off.sut.search(off.auth, { q: 'keys' })).interpreted).toMatchObject({
      mode: 'keyword',
      notice: null,
    });
    expect(off.sent[0].hybrid).toBeUndefined();
  });

  it('lets a remote embedder embed the query itself (no vector sent)', async () => {
    const { sut, auth, sent } = serviceWith({ documents: 3, embedded: 3, kind: 'ollama' });
    await sut.search(auth, { q: 'keys' });
    expect(sent[0].hybrid).toEqual({ embedder: 'default', semanticRatio: 0.4 });
    expect(sent[0].vector).toBeUndefined();
  });

  it('searches the intent types on their own and asks for frequency matching', async () => {
    const { sut, auth, sent } = serviceWith({ documents: 3, embedded: 3 });
    const result = await sut.search(auth, { q: 'what did we decide about key rotation' });
    expect(result.interpreted).toMatchObject({ terms: 'key rotation', types: ['decision'] });
    // The ranked page, the counts of what the words match, and the intent's types on their own.
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ matchingStrategy: 'frequency', showRankingScore: true });
    expect(sent[1]).toMatchObject({ limit: 0, q: 'key rotation' });
    expect(sent[1].hybrid).toBeUndefined();
    expect(sent[2].filter).toContain('type IN ["decision"]');
  });

  it('sends the page, the counts and the intent search side by side, one request each', async () => {
    const { sut, auth, requests } = serviceWith({ documents: 3, embedded: 3 });
    await sut.search(auth, { q: 'what did we decide about key rotation' });
    // Meilisearch runs a multi-search's queries one after another; separate requests run together.
    expect(requests).toEqual([1, 1, 1]);
  });

  it('ranks nothing first when the caller filtered on types', async () => {
    const { sut, auth, sent } = serviceWith({ documents: 3, embedded: 3 });
    const result = await sut.search(auth, { q: 'what did we decide about keys', type: 'action' });
    expect(result.interpreted.types).toEqual([]);
    expect(sent.some((s) => (s.filter as string[]).includes('type IN ["decision"]'))).toBe(false);
  });
});

describe('SearchService: an index that refuses the meaning part', () => {
  it('answers with words and says so, instead of failing', async () => {
    const sent: SearchParams[] = [];
    const refusal = new MeilisearchRequestError(
      'http://meili/multi-search',
      new MeilisearchApiError(new Response(null, { status: 400 }), {
        message: 'Cannot find embedder with name `default`.',
        code: 'invalid_search_embedder',
        type: 'invalid_request',
        link: '',
      }),
    );
    const indexes = {
      client: {
        multiSearch: async ({ queries }: MultiSearchParams) => {
          sent.push(...queries);
          if (queries.some((q) => q.hybrid)) throw refusal;
          return { results: queries.map(() => ({ hits: [], processingTimeMs: 1 })) };
        },
      },
      uid: () => 'docs',
      embeddedShare: async () => ({ documents: 1, embedded: 1 }),
    } as never as SearchIndexes;
    const sut = new SearchService(
      indexes,
      { readerKeys: async () => ['team'], people: async () => [] } as never,
      {} as SearchIndexer,
      {
        hybrid: true,
        config: { kind: 'local', semanticRatio: 0.4 },
        queryVector: () => [1, 0],
      } as never,
    );
    const result = await sut.search({ user: { id: 'u1', role: 'member' } } as never, { q: 'keys' });
    expect(result.interpreted).toMatchObject({ mode: 'keyword' });
    expect(result.interpreted.notice).toMatch(/matching words only/i);
    expect(sent.at(-1)?.hybrid).toBeUndefined();
  });
});

describe('rankIntentFirst', () => {
  const hit = (type: string, id: string, score: number) => ({ type, id, _rankingScore: score });

  it('lifts the intent types over slightly better hits of other types', () => {
    const all = [hit('item', 'i1', 0.95), hit('decision', 'd1', 0.8), hit('item', 'i2', 0.5)];
    const intent = [hit('decision', 'd1', 0.8), hit('decision', 'd2', 0.3)];
    expect(rankIntentFirst(all, intent).map((h) => h.id)).toEqual(['d1', 'i1', 'i2', 'd2']);
  });

  it('keeps a far better hit of another type first', () => {
    const all = [hit('item', 'i1', 0.99), hit('decision', 'd1', 0.4)];
    expect(rankIntentFirst(all, [hit('decision', 'd1', 0.4)]).map((h) => h.id)).toEqual([
      'i1',
      'd1',
    ]);
  });
});
