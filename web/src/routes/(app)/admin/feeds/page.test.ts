import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Feed } from '$lib/api/types';
import { makeUser } from '$lib/testing/factories';
import FeedsPage from './+page.svelte';

type Props = Parameters<typeof FeedsPage>[1];

const NOW = Date.parse('2026-05-10T12:00:00.000Z');

const feed = (overrides: Partial<Feed>): Feed => ({
  id: 'feed-1',
  url: 'https://example.com/feed.xml',
  title: 'Platform Weekly',
  series: 'Platform Weekly',
  paused: false,
  failures: 0,
  lastPolledAt: null,
  lastSuccessAt: null,
  lastError: null,
  nextPollAt: '2026-05-10T14:00:00.000Z',
  entriesImported: 0,
  createdAt: '2026-05-01T08:00:00.000Z',
  ...overrides,
});

function show(feeds: Feed[], form: unknown = null) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: { user: makeUser({ role: 'admin' }), feeds, now: NOW },
    form,
    params: {},
  } as unknown as Props;
  render(FeedsPage, props);
}

describe('feeds page', () => {
  it('shows each feed’s series, last success, next poll and last problem, with its controls', () => {
    show([
      feed({
        lastSuccessAt: '2026-05-10T11:00:00.000Z',
        entriesImported: 12,
        failures: 2,
        lastError: 'example.com answered HTTP 503.',
      }),
      feed({
        id: 'feed-2',
        title: null,
        url: 'https://other.example/atom.xml',
        series: null,
        paused: true,
        nextPollAt: null,
      }),
    ]);

    const rows = screen.getAllByRole('row').slice(1);
    const failing = within(rows[0] as HTMLElement);
    expect(failing.getByText('https://example.com/feed.xml')).toBeTruthy();
    expect(failing.getByText('1 hour ago')).toBeTruthy();
    expect(failing.getByText('12 briefings')).toBeTruthy();
    expect(failing.getByText('in 2 hours')).toBeTruthy();
    expect(failing.getByText('example.com answered HTTP 503.')).toBeTruthy();
    expect(failing.getByText(/2 failed polls in a row/)).toBeTruthy();
    expect(failing.getByRole('button', { name: 'Poll now Platform Weekly' })).toBeTruthy();
    expect(failing.getByRole('button', { name: 'Pause Platform Weekly' })).toBeTruthy();

    const paused = within(rows[1] as HTMLElement);
    expect(paused.getByRole('rowheader').textContent?.trim()).toBe(
      'https://other.example/atom.xml',
    );
    expect(paused.getByText('As each entry says')).toBeTruthy();
    expect(paused.getByText('Never')).toBeTruthy();
    expect(paused.getByText('Paused')).toBeTruthy();
    expect(
      paused.getByRole('button', { name: 'Resume https://other.example/atom.xml' }),
    ).toBeTruthy();
    expect(paused.queryByRole('button', { name: /^Pause/ })).toBeNull();
  });

  it('says a feed that came due is polled at the next pass', () => {
    show([feed({ nextPollAt: '2026-05-10T11:59:00.000Z' })]);

    expect(screen.getByText('At the next pass')).toBeTruthy();
  });

  it('posts each row’s actions with the feed’s id', () => {
    show([feed({})]);

    const poll = screen.getByRole('button', { name: 'Poll now Platform Weekly' });
    expect(poll.getAttribute('formaction')).toBe('?/poll');
    const form = poll.closest('form');
    expect(form?.querySelector<HTMLInputElement>('input[name="id"]')?.value).toBe('feed-1');
    const unsubscribe = screen.getByRole('button', { name: 'Unsubscribe from Platform Weekly' });
    expect(unsubscribe.closest('form')?.getAttribute('action')).toBe('?/delete');
  });

  it('offers a subscription form and says when there are no feeds yet', () => {
    show([], {
      form: 'create',
      url: 'http://localhost/feed.xml',
      series: '',
      message: 'Not allowed.',
    });

    expect(screen.getByText('No feeds yet.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Feed address').value).toBe(
      'http://localhost/feed.xml',
    );
    expect(screen.getByRole('alert').textContent).toContain('Not allowed.');
  });
});
