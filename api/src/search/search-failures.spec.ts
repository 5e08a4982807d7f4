import { MeilisearchApiError, MeilisearchRequestError } from 'meilisearch';
import { DomainError } from '../common/errors/domain-error.js';
import type { SearchIndexer } from './search-indexer.js';
import { SearchService } from './search.service.js';

// How a failed Meilisearch call reaches the caller. The client wraps what our keep-alive HTTP
// client throws in a MeilisearchRequestError, with Meilisearch's own answer as its cause.
describe('search failures', () => {
  const failingWith = (error: Error) =>
    new SearchService(
      {
        client: { multiSearch: () => Promise.reject(error) },
        uid: () => 'docs',
      } as never,
      { readerKeys: async () => ['team'] } as never,
      {} as SearchIndexer,
      { hybrid: false } as never,
    );
  const auth = { user: { id: 'u1', role: 'member' } } as never;
  const refused = (status: number, code: string) =>
    new MeilisearchRequestError(
      'http://meili/multi-search',
      new MeilisearchApiError(new Response(null, { status }), {
        message: code,
        code,
        type: 'invalid_request',
        link: '',
      }),
    );
  const failure = (service: SearchService) =>
    service.search(auth, { q: 'x' }).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('says search is unavailable when Meilisearch is unreachable, erroring or has no index', async () => {
    const down = new MeilisearchRequestError('http://meili', new Error('connect ECONNREFUSED'));
    for (const error of [down, refused(503, 'internal'), refused(404, 'index_not_found')]) {
      const thrown = await failure(failingWith(error));
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'SEARCH_UNAVAILABLE' });
    }
  });

  it('lets a refused request through as the bug it is, not as an outage', async () => {
    const error = refused(400, 'invalid_search_filter');
    expect(await failure(failingWith(error))).toBe(error);
  });
});
