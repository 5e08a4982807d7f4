import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '$lib/api/types';
import { searchStateFromParams } from '$lib/search/query';
import SearchPage from './+page.svelte';

type Props = Parameters<typeof SearchPage>[1];

function hit(overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    type: 'comment',
    id: 'c0000000-0000-4000-8000-000000000001',
    title: 'Where are your AI infra plans out of sync?',
    snippet: 'we moved the <mark>k8s</mark> clusters &lt;script&gt;',
    url: '/threads/t1#comment-c0000000-0000-4000-8000-000000000001',
    date: '2026-05-07',
    briefing: { id: 'a1', slug: 'daily-sync-2026-05-07', title: 'Daily Sync: May 7, 2026' },
    tags: ['daily-sync'],
    status: null,
    author: { id: 'u1', name: 'Ada' },
    owner: null,
    ...overrides,
  };
}

function result(overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    query: 'kubernetes',
    hits: [hit()],
    facets: { type: { comment: 3, item: 2 }, tags: { 'daily-sync': 5 }, status: {} },
    estimatedTotalHits: 45,
    processingTimeMs: 2,
    interpreted: {
      terms: 'kubernetes',
      types: [],
      filters: { people: [] },
      mode: 'hybrid',
      notice: null,
    },
    answer: null,
    ...overrides,
  };
}

function show(query: string, data: Record<string, unknown> = {}, form: unknown = null) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: {
      user: null,
      state: searchStateFromParams(new URLSearchParams(query)),
      result: result(),
      problem: null,
      pageSize: 20,
      savedSearches: [],
      ...data,
    },
    form,
    params: {},
  } as unknown as Props;
  return render(SearchPage, props);
}

describe('search page', () => {
  it('is a GET form holding the words, the filters in force and the dates', () => {
    show('q=kubernetes&type=comment&from=2026-05-01');

    const box = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search Briefroom' });
    const form = box.closest('form') as HTMLFormElement;
    expect(form.getAttribute('method')?.toUpperCase()).toBe('GET');
    expect(form.getAttribute('action')).toBe('/search');
    expect(box.value).toBe('kubernetes');
    expect(new FormData(form).getAll('type')).toEqual(['comment']);
    // The date fields live in the sidebar but belong to the same form.
    const from = screen.getByLabelText<HTMLInputElement>('From');
    expect(from.form).toBe(form);
    expect(from.value).toBe('2026-05-01');
    expect(new FormData(form).getAll('from')).toEqual(['2026-05-01']);
  });

  it('offers due dates while actions are among the types', () => {
    show('q=plan&dueFrom=2026-06-01');
    const box = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search Briefroom' });
    const dueFrom = screen.getByLabelText<HTMLInputElement>('Due from');
    expect(dueFrom.form).toBe(box.form);
    expect(dueFrom.value).toBe('2026-06-01');
    // Once, from the field: no hidden copy that would win over an edit.
    expect(new FormData(box.form!).getAll('dueFrom')).toEqual(['2026-06-01']);
    expect(screen.getByLabelText<HTMLInputElement>('Due by').value).toBe('');
  });

  it('carries due dates and the section with a new query when actions are not shown', () => {
    show('q=plan&type=decision&dueTo=2026-06-30&section=Tech+News');
    expect(screen.queryByLabelText('Due by')).toBeNull();
    const box = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search Briefroom' });
    const form = new FormData(box.form!);
    expect(form.getAll('dueTo')).toEqual(['2026-06-30']);
    expect(form.getAll('section')).toEqual(['Tech News']);
  });

  it('lists hits with their type, linked title, highlighted snippet, briefing and date', () => {
    show('q=k8s');

    expect(screen.getByRole('status').textContent).toMatch(/About 45 results\s+for\s+“k8s”/);
    const hits = screen.getByRole('list', { name: 'Search results' });
    expect(hits.getAttribute('start')).toBe('1');
    expect(within(hits).getAllByRole('listitem')).toHaveLength(1);
    const article = within(hits).getByRole('article', {
      name: 'Where are your AI infra plans out of sync?',
    });
    expect(within(article).getByText('Comment')).toBeTruthy();
    expect(
      within(article)
        .getByRole('link', { name: 'Where are your AI infra plans out of sync?' })
        .getAttribute('href'),
    ).toBe('/threads/t1#comment-c0000000-0000-4000-8000-000000000001');
    const snippet = article.querySelector('.snippet') as HTMLElement;
    expect(snippet.querySelector('mark')?.textContent).toBe('k8s');
    // Escaped text stays text: no element is made from it.
    expect(snippet.querySelector('script')).toBeNull();
    expect(snippet.textContent).toContain('<script>');
    expect(
      within(article).getByRole('link', { name: 'Daily Sync: May 7, 2026' }).getAttribute('href'),
    ).toBe('/briefings/daily-sync-2026-05-07');
    expect(within(article).getByText('7 May 2026')).toBeTruthy();
  });

  it('highlights the title itself when the match is only there, instead of repeating it', () => {
    const title = 'AI infra meets energy and climate constraints';
    show('q=climate', {
      result: result({
        hits: [
          hit({
            type: 'item',
            title,
            snippet: 'AI infra meets energy and <mark>climate</mark> constraints',
          }),
        ],
      }),
    });
    const link = screen.getByRole('link', { name: title });
    expect(link.querySelector('mark')?.textContent).toBe('climate');
    expect(screen.getByRole('article', { name: title }).querySelector('.snippet')).toBeNull();
  });

  it('gives an exact count when every result is on the page', () => {
    show('q=k8s', { result: result({ estimatedTotalHits: 1 }) });
    expect(screen.getByRole('status').textContent).toMatch(/^\s*1 result\s+for\s+“k8s”/);
  });

  it('offers facets with counts as links that toggle each filter', () => {
    show('q=k8s&type=comment');

    const types = screen.getByRole('region', { name: 'Type' });
    const comments = within(types).getByRole('link', { name: /^Comments/ });
    expect(comments.getAttribute('aria-current')).toBe('true');
    expect(comments.textContent).toContain('3');
    expect(comments.getAttribute('href')).toBe('/search?q=k8s');
    const items = within(types).getByRole('link', { name: /^News items/ });
    expect(items.getAttribute('href')).toBe('/search?q=k8s&type=item%2Ccomment');
    const tag = within(screen.getByRole('region', { name: 'Tags' })).getByRole('link', {
      name: /daily-sync/,
    });
    expect(tag.getAttribute('href')).toBe('/search?q=k8s&type=comment&tags=daily-sync');
    expect(screen.queryByRole('region', { name: 'Status' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Clear all filters' }).getAttribute('href')).toBe(
      '/search?q=k8s',
    );
  });

  it('pages through results by offset', () => {
    show('q=k8s&offset=20');
    expect(screen.getByRole('status').textContent).toMatch(/Results 21–21 of about 45/);
    const pager = screen.getByRole('navigation', { name: 'More results' });
    expect(within(pager).getByRole('link', { name: 'Previous page' }).getAttribute('href')).toBe(
      '/search?q=k8s',
    );
    expect(within(pager).getByRole('link', { name: 'Next page' }).getAttribute('href')).toBe(
      '/search?q=k8s&offset=40',
    );
  });

  it('says plainly when search is unavailable', () => {
    show('q=k8s', { result: null, problem: { kind: 'unavailable', message: 'down' } });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe('Search is unavailable right now');
    expect(within(alert).getByRole('link', { name: 'Try again' }).getAttribute('href')).toBe(
      '/search?q=k8s',
    );
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('helps when nothing matches, pointing at the filters when there are some', () => {
    const { unmount } = show('q=zzz', { result: result({ hits: [], estimatedTotalHits: 0 }) });
    expect(screen.getByRole('region', { name: 'Nothing matches “zzz”' }).textContent).toContain(
      'Try fewer or different words',
    );
    unmount();

    show('q=zzz&tags=ai', { result: result({ hits: [], estimatedTotalHits: 0 }) });
    expect(screen.getByRole('link', { name: 'Search without filters' }).getAttribute('href')).toBe(
      '/search?q=zzz',
    );
  });

  it('saves the search shown, named after its words by default', () => {
    show('q=k8s&type=comment&offset=20');
    const form = screen
      .getByRole('button', { name: 'Save search' })
      .closest('form') as HTMLFormElement;
    expect(form.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(form.getAttribute('action')).toBe('?/save');
    const fields = new FormData(form);
    expect(fields.get('search')).toBe('q=k8s&type=comment');
    expect(fields.get('name')).toBe('k8s');
    expect(fields.get('alert')).toBeNull();
    expect(screen.getByLabelText('Notify me when new results appear')).toBeTruthy();
  });

  it('lists saved searches to run again', () => {
    show('q=k8s', {
      savedSearches: [
        {
          id: 's1',
          name: 'Energy news',
          query: 'energy',
          filters: { type: 'item' },
          alert: true,
          createdAt: '2026-05-07T10:00:00.000Z',
          lastCheckedAt: '2026-05-07T10:00:00.000Z',
        },
      ],
    });
    expect(screen.getByRole('link', { name: 'Energy news' }).getAttribute('href')).toBe(
      '/search?q=energy&type=item',
    );
  });

  it('says how a question was read and shows the top decision as an answer (issue 15)', () => {
    show('q=what+did+we+decide+about+key+rotation', {
      result: result({
        query: 'what did we decide about key rotation',
        hits: [
          hit({ type: 'decision', title: 'Rotate AI vendor keys quarterly', url: '/decisions/d1' }),
        ],
        interpreted: {
          terms: 'key rotation',
          types: ['decision'],
          filters: { people: [] },
          mode: 'hybrid',
          notice: null,
        },
        answer: {
          type: 'decision',
          id: 'd1',
          title: 'Rotate AI vendor keys quarterly',
          url: '/decisions/d1',
          text: 'Every vendor key is rotated each quarter.',
          rationale: 'A leaked key is billed to us.',
          status: 'accepted',
          date: '2026-05-08',
          dueOn: null,
          person: { id: 'u1', name: 'Dana Whitfield' },
          thread: { id: 't1', title: 'Where are your AI infra plans?', url: '/threads/t1' },
          actions: [
            {
              id: 'a1',
              title: 'Key rotation review for Q3',
              url: '/actions/a1',
              status: 'open',
              owner: { id: 'u2', name: 'Ravi Menon' },
              dueOn: '2026-07-15',
            },
          ],
          supersededBy: { id: 'd2', title: 'Rotate monthly', url: '/decisions/d2' },
        },
      }),
    });

    expect(screen.getByTestId('search-understood').textContent).toBe(
      'Showing decisions first about key rotation',
    );
    const card = screen.getByRole('article', { name: 'Answer: Decision' });
    expect(
      within(card)
        .getByRole('link', { name: 'Rotate AI vendor keys quarterly' })
        .getAttribute('href'),
    ).toBe('/decisions/d1');
    expect(card.textContent).toContain('decided by Dana Whitfield');
    expect(card.textContent).toContain('A leaked key is billed to us.');
    expect(within(card).getByRole('link', { name: 'Where are your AI infra plans?' })).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Key rotation review for Q3' })).toBeTruthy();
    expect(card.textContent).toContain('Ravi Menon, open');
    expect(within(card).getByRole('link', { name: 'Rotate monthly' }).getAttribute('href')).toBe(
      '/decisions/d2',
    );
  });

  it('says when the search matched words only while meaning is being computed', () => {
    show('q=kubernetes', {
      result: result({
        interpreted: {
          terms: 'kubernetes',
          types: [],
          filters: { people: [] },
          mode: 'keyword',
          notice: 'Matching words only: search is still computing the meaning of documents.',
        },
      }),
    });
    expect(screen.getByRole('note').textContent).toMatch(/matching words only/i);
    expect(screen.queryByTestId('search-understood')).toBeNull();
  });
});
