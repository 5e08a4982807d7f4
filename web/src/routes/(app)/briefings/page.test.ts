import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { BriefingSummary } from '$lib/api/types';
import { makeBriefingSummary, makeUser } from '$lib/testing/factories';
import FeedPage from './+page.svelte';

type Props = Parameters<typeof FeedPage>[1];
type Data = Props['data'];

function setup(overrides: Partial<Data> = {}) {
  const data: Data = {
    user: makeUser(),
    unreadCount: 0,
    briefings: [makeBriefingSummary()],
    nextCursor: null,
    active: { series: null, tag: null },
    isFirstPage: true,
    filters: {
      series: ['Daily Sync', 'Weekly Deep Dive'],
      tags: [
        { name: 'ai', count: 7 },
        { name: 'daily-sync', count: 12 },
      ],
    },
    canImport: false,
    notice: null,
    ...overrides,
  };
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = { data, params: {} } as unknown as Props;
  return render(FeedPage, props);
}

function entry(title: string): HTMLElement {
  return screen.getByRole('article', { name: title });
}

describe('briefings feed', () => {
  it('says how many comments are new to the reader', () => {
    setup({ briefings: [makeBriefingSummary({ commentCount: 12, newCommentCount: 3 })] });
    const article = entry('Daily Sync: May 7, 2026');
    expect(within(article).getByText('3 new')).toBeTruthy();
  });

  it('shows each briefing with date, linked title, series, author, reading time, summary and counts', () => {
    setup();

    const article = entry('Daily Sync: May 7, 2026');
    expect(
      within(article).getByRole('link', { name: 'Daily Sync: May 7, 2026' }).getAttribute('href'),
    ).toBe('/briefings/daily-sync-2026-05-07');
    // Opening a briefing marks it read: hovering its title must not preload (and so mark) it.
    expect(
      within(article)
        .getByRole('link', { name: 'Daily Sync: May 7, 2026' })
        .getAttribute('data-sveltekit-preload-data'),
    ).toBe('tap');
    expect(within(article).getByText('7 May 2026').getAttribute('datetime')).toBe('2026-05-07');
    expect(within(article).getByText('Daily Sync')).toBeTruthy();
    expect(within(article).getByText('By The CTO')).toBeTruthy();
    expect(within(article).getByText('6 min read')).toBeTruthy();
    expect(within(article).getByText(/colliding with power and security/)).toBeTruthy();
    expect(within(article).getByText('4 discussion prompts')).toBeTruthy();
    // The feed tells what is new to the reader, not the total.
    expect(within(article).getByText('No new comments')).toBeTruthy();
    expect(within(article).queryByText('12 comments')).toBeNull();
    expect(
      within(within(article).getByRole('list', { name: 'Tags' }))
        .getByRole('link', { name: 'ai' })
        .getAttribute('href'),
    ).toBe('/briefings?tag=ai');
  });

  it('marks unread briefings "New" and only those', () => {
    setup({
      briefings: [
        makeBriefingSummary({ id: '1', title: 'Unread one', unread: true }),
        makeBriefingSummary({ id: '2', title: 'Read one', unread: false }),
      ],
    });

    expect(within(entry('Unread one')).getByText('New')).toBeTruthy();
    expect(entry('Unread one').classList.contains('unread')).toBe(true);
    expect(within(entry('Read one')).queryByText('New')).toBeNull();
  });

  it('links to older briefings with the cursor, keeping the filters in force', () => {
    setup({ nextCursor: 'cur_2026-05-01', active: { series: 'Daily Sync', tag: 'ai' } });

    const older = screen.getByRole('link', { name: 'Older briefings' });
    const href = new URL(older.getAttribute('href') ?? '', 'http://x');
    expect(href.pathname).toBe('/briefings');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      series: 'Daily Sync',
      tag: 'ai',
      cursor: 'cur_2026-05-01',
    });
    expect(screen.queryByRole('link', { name: 'Newest briefings' })).toBeNull();
  });

  it('offers no older link on the last page, and a way back to the newest on later pages', () => {
    setup({ isFirstPage: false, nextCursor: null, active: { series: null, tag: 'ai' } });

    expect(screen.queryByRole('link', { name: 'Older briefings' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Newest briefings' }).getAttribute('href')).toBe(
      '/briefings?tag=ai',
    );
  });

  it('filters with a plain GET form, showing the filters in force as selected', () => {
    setup({ active: { series: 'Weekly Deep Dive', tag: 'ai' } });

    const series = screen.getByLabelText<HTMLSelectElement>('Series');
    const tag = screen.getByLabelText<HTMLSelectElement>('Tag');
    expect(series.value).toBe('Weekly Deep Dive');
    expect(tag.value).toBe('ai');
    const form = series.closest('form');
    expect(form?.getAttribute('method')?.toUpperCase()).toBe('GET');
    expect(form?.getAttribute('action')).toBe('/briefings');
    expect([...tag.options].map((option) => option.textContent?.trim())).toEqual([
      'All tags',
      'ai (7)',
      'daily-sync (12)',
    ]);
  });

  it('offers tag chips that keep the series, and whose chosen chip removes the tag', () => {
    setup({ active: { series: 'Daily Sync', tag: 'ai' } });

    const chips = screen.getByRole('list', { name: 'Filter by tag' });
    const chosen = within(chips).getByRole('link', { name: /^ai/ });
    expect(chosen.getAttribute('aria-current')).toBe('true');
    expect(chosen.getAttribute('href')).toBe('/briefings?series=Daily+Sync');
    expect(
      within(chips)
        .getByRole('link', { name: /^daily-sync/ })
        .getAttribute('href'),
    ).toBe('/briefings?series=Daily+Sync&tag=daily-sync');
    expect(screen.getByRole('link', { name: 'Clear filters' }).getAttribute('href')).toBe(
      '/briefings',
    );
  });

  it('says honestly that there are no briefings yet', () => {
    setup({ briefings: [] });

    expect(screen.getByRole('heading', { name: 'No briefings yet' })).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('says which filters found nothing, with a way back to everything', () => {
    setup({ briefings: [], active: { series: 'Daily Sync', tag: 'energy' } });

    expect(screen.getByRole('heading', { name: 'No briefings match these filters' })).toBeTruthy();
    expect(screen.getByText(/in the series “Daily Sync” and tagged “energy”/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Show all briefings' }).getAttribute('href')).toBe(
      '/briefings',
    );
  });

  it('offers Import briefing to editors only', () => {
    const { unmount } = setup({ canImport: false });
    expect(screen.queryByRole('link', { name: 'Import briefing' })).toBeNull();
    unmount();

    setup({ canImport: true });
    expect(screen.getByRole('link', { name: 'Import briefing' }).getAttribute('href')).toBe(
      '/briefings/import',
    );
  });

  it('shows a briefing title with markup as plain text', () => {
    const hostile: BriefingSummary = makeBriefingSummary({ title: '<img src=x onerror=alert(1)>' });
    const { container } = setup({ briefings: [hostile] });

    expect(screen.getByRole('link', { name: '<img src=x onerror=alert(1)>' })).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});
