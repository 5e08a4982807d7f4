import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import type { SearchHit, SearchResult } from '$lib/api/types';
import SearchBox from './SearchBox.svelte';

const goto = vi.hoisted(() => vi.fn(() => Promise.resolve()));
vi.mock('$app/navigation', () => ({ goto }));

function hit(overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    type: 'item',
    id: 'b1a2c3d4-0000-4000-8000-000000000001',
    title: 'AI infra meets energy and climate constraints',
    snippet: 'record <mark>energy</mark> usage in Taiwan',
    url: '/briefings/daily-sync-2026-05-07#item-b1a2c3d4-0000-4000-8000-000000000001',
    date: '2026-05-07',
    briefing: { id: 'a1', slug: 'daily-sync-2026-05-07', title: 'Daily Sync: May 7, 2026' },
    tags: ['daily-sync'],
    status: null,
    author: null,
    owner: null,
    ...overrides,
  };
}

const HITS = [
  hit(),
  hit({
    type: 'comment',
    id: 'c0000000-0000-4000-8000-000000000002',
    title: 'Where are your AI infra plans out of sync?',
    snippet: 'our <mark>energy</mark> bill',
    url: '/threads/t1#comment-c0000000-0000-4000-8000-000000000002',
  }),
];

function result(hits: SearchHit[], total = hits.length): SearchResult {
  return {
    query: 'energy',
    hits,
    facets: {},
    estimatedTotalHits: total,
    processingTimeMs: 1,
    interpreted: {
      terms: 'energy',
      types: [],
      filters: { people: [] },
      mode: 'hybrid',
      notice: null,
    },
    answer: null,
  };
}

type Search = (query: string, signal: AbortSignal) => Promise<SearchResult>;

function setup(search = vi.fn<Search>(() => Promise.resolve(result(HITS, 12)))) {
  render(SearchBox, { search });
  const box = screen.getByRole<HTMLInputElement>('combobox', { name: 'Search Briefroom' });
  return { box, search };
}

async function typeAndWait(box: HTMLInputElement, text: string) {
  box.focus();
  await fireEvent.input(box, { target: { value: text } });
  await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('true'));
  await screen.findByRole('option', { name: /^All results/ });
}

beforeEach(() => goto.mockClear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('SearchBox', () => {
  it('is a plain GET form to /search?q= that works before any script runs', () => {
    const { box } = setup();
    const form = screen.getByRole('search');
    expect(form.getAttribute('method')?.toUpperCase()).toBe('GET');
    expect(form.getAttribute('action')).toBe('/search');
    expect(box.name).toBe('q');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    expect(box.getAttribute('aria-keyshortcuts')).toBe('/');
    expect(within(form).getByRole('button', { name: 'Search' }).getAttribute('type')).toBe(
      'submit',
    );
  });

  it('suggests hits as you type, with highlighted snippets and a way to all results', async () => {
    const { box, search } = setup();
    await typeAndWait(box, 'energy');

    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0]?.[0]).toBe('energy');
    const listbox = screen.getByRole('listbox', { name: 'Suggestions' });
    expect(box.getAttribute('aria-controls')).toBe(listbox.id);
    const options = within(listbox).getAllByRole('option');
    expect(options).toHaveLength(3);
    expect(options[0]?.textContent).toContain('AI infra meets energy and climate constraints');
    expect(options[0]?.querySelector('mark')?.textContent).toBe('energy');
    expect(options[2]?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'All results for “energy” (12)',
    );
    expect(screen.getByRole('status').textContent).toContain('12 matches');
  });

  it('moves through the options with the arrow keys, wrapping, and Enter opens the one chosen', async () => {
    const { box } = setup();
    await typeAndWait(box, 'energy');
    const options = screen.getAllByRole('option');

    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[2]?.id);
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    await fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[2]?.id);
    await fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');
    expect(options[0]?.getAttribute('aria-selected')).toBe('false');
    // The caret stays in the box: focus never leaves it.
    expect(document.activeElement).toBe(box);

    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    box.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(goto).toHaveBeenCalledWith(HITS[1]?.url);
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('false'));
  });

  it('lets Enter submit the form to the search page when no option is chosen', async () => {
    const { box } = setup();
    await typeAndWait(box, 'energy');

    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    box.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(false);
    expect(goto).not.toHaveBeenCalled();
  });

  it('goes to the search page from "All results", by click too', async () => {
    const { box } = setup();
    await typeAndWait(box, 'grid power');

    await fireEvent.click(screen.getByRole('option', { name: /^All results/ }));
    expect(goto).toHaveBeenCalledWith('/search?q=grid+power');
  });

  it('closes on Escape, and a second Escape clears the box', async () => {
    const { box } = setup();
    await typeAndWait(box, 'energy');

    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    expect(box.value).toBe('energy');

    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.value).toBe('');
  });

  it('says when nothing matches', async () => {
    const { box } = setup(vi.fn<Search>(() => Promise.resolve(result([]))));
    await typeAndWait(box, 'zzzz');
    expect(screen.getByText('No matches for “zzzz”. Try other words, or fewer.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('No matches.');
  });

  it('says search is unavailable when the API answers 503', async () => {
    const { box } = setup(
      vi.fn<Search>(() =>
        Promise.reject(new ApiError(503, 'SEARCH_UNAVAILABLE', 'Search is unavailable.')),
      ),
    );
    box.focus();
    await fireEvent.input(box, { target: { value: 'energy' } });
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Search is unavailable right now.'),
    );
  });

  it('is focused by / from anywhere on the page', async () => {
    const { box } = setup();
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(box);
  });

  it('shows the top action as an answer above the suggestions (issue 15)', async () => {
    const answered: SearchResult = {
      ...result([hit({ type: 'action', title: 'Key rotation review for Q3', url: '/actions/a1' })]),
      answer: {
        type: 'action',
        id: 'a1',
        title: 'Key rotation review for Q3',
        url: '/actions/a1',
        text: 'Check every AI vendor key was rotated.',
        rationale: null,
        status: 'open',
        date: '2026-05-08',
        dueOn: '2026-07-15',
        person: { id: 'u2', name: 'Ravi Menon' },
        thread: null,
        actions: [],
        supersededBy: null,
      },
    };
    const { box } = setup(vi.fn<Search>(() => Promise.resolve(answered)));
    await typeAndWait(box, 'who owns the key rotation review');
    // The card loads with the first words typed (not with every page): found, not got.
    const card = await screen.findByRole('article', { name: 'Answer: Action' });
    expect(card.textContent).toContain('owned by Ravi Menon');
    expect(card.textContent).toMatch(/due \d/);
    expect(within(card).getByRole('link', { name: 'Key rotation review for Q3' })).toBeTruthy();
    // The suggestions stay a listbox of their own, the card outside it.
    expect(within(screen.getByRole('listbox')).queryByRole('article')).toBeNull();
  });
});
