import type { MultiSearchParams, SearchParams } from 'meilisearch';
import type { SearchIndexer } from './search-indexer.js';
import type { SearchIndexes } from './search-indexes.js';
import type { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

interface StoredText {
  heading: string;
  body: string;
}

/** Meilisearch's side of highlighting: every query word in the text wrapped in the tags it was sent. */
function highlighted(text: string, q: string, search: SearchParams): string {
  const words = q.split(/\s+/).filter(Boolean);
  return words.reduce(
    (marked, word) =>
      marked.replaceAll(word, `${search.highlightPreTag}${word}${search.highlightPostTag}`),
    text,
  );
}

function searchOver(stored: StoredText) {
  const sent: SearchParams[] = [];
  const indexes = {
    client: {
      multiSearch: async ({ queries }: MultiSearchParams) => {
        sent.push(...queries);
        return {
          results: queries.map((search) => ({
            hits: [
              {
                type: 'comment',
                id: 'c1',
                heading: stored.heading,
                url: '/threads/t1#comment-c1',
                _formatted: {
                  title: highlighted(stored.heading, search.q ?? '', search),
                  body: highlighted(stored.body, search.q ?? '', search),
                },
              },
            ],
            facetDistribution: {},
            estimatedTotalHits: 1,
            processingTimeMs: 1,
          })),
        };
      },
    },
    uid: () => 'docs',
  } as never as SearchIndexes;
  const repository = {
    readerKeys: async () => ['team'],
    commentAnswer: async () => undefined,
  } as never as SearchRepository;
  const sut = new SearchService(
    indexes,
    repository,
    {} as SearchIndexer,
    {
      hybrid: false,
    } as never,
  );
  const auth = { user: { id: 'u1', role: 'member' } } as never;
  return {
    sent,
    snippet: async (q: string) => (await sut.search(auth, { q })).hits[0].snippet,
  };
}

describe('search snippets', () => {
  it('marks only the matches, whatever private-use or control characters the text holds', async () => {
    const { snippet } = searchOver({
      heading: 'Budget thread',
      body: '\uE000forged\uE001 and \u0000also\u0001 and \u0001</mark> before the budget',
    });

    const html = await snippet('budget');

    expect(html.match(/<\/?mark>/g)).toEqual(['<mark>', '</mark>']);
    expect(html).toContain('<mark>budget</mark>');
    expect(html).toContain('\uE000forged\uE001');
    expect(html).toContain('&#60;/mark&#62;');
  });

  it('escapes the HTML around and inside a match', async () => {
    const { snippet } = searchOver({
      heading: 'Budget',
      body: '<img src=x onerror=alert(1)> "budget" & <script>budget</script>',
    });

    const html = await snippet('budget');

    expect(html).toBe(
      '&#60;img src=x onerror=alert(1)&#62; &#34;<mark>budget</mark>&#34; &#38; &#60;script&#62;<mark>budget</mark>&#60;/script&#62;',
    );
  });

  it('cannot be forged by text that copies the tags of an earlier search', async () => {
    const { sent, snippet } = searchOver({ heading: 'Budget', body: 'plain budget' });
    await snippet('budget');
    const [earlier] = sent;
    const copied = `${earlier.highlightPreTag}forged${earlier.highlightPostTag} budget`;

    const { snippet: later } = searchOver({ heading: 'Budget', body: copied });
    const html = await later('budget');

    expect(html.match(/<mark>[^<]*<\/mark>/g)).toEqual(['<mark>budget</mark>']);
  });

  it('marks a match in the title when the body has none', async () => {
    const { snippet } = searchOver({ heading: 'Budget \uE001review', body: 'nothing here' });

    await expect(snippet('Budget')).resolves.toBe('<mark>Budget</mark> \uE001review');
  });
});
