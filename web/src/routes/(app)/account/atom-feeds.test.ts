import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import AtomFeedsSection from './AtomFeedsSection.svelte';
import { atomFeedActions, chosenFeed } from './atom-feeds';

const FEED = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'series' as const,
  series: 'Daily Sync',
  createdAt: '2026-12-01T10:00:00.000Z',
};

function event(fields: Record<string, string>, respond: () => Response, signedIn = true) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return {
    fetch,
    event: {
      url: new URL('https://briefroom.example.com/account'),
      request: new Request('https://briefroom.example.com/account', { method: 'POST', body }),
      locals: { api, user: signedIn ? makeUser() : null },
    } as unknown as Parameters<typeof atomFeedActions.createAtomFeed>[0],
  };
}

describe('Atom feed addresses on the account page', () => {
  it('reads decisions or a named series from the form, nothing else', () => {
    const form = (subject: string) => {
      const data = new FormData();
      data.set('subject', subject);
      return data;
    };
    expect(chosenFeed(form('decisions'))).toEqual({ kind: 'decisions' });
    expect(chosenFeed(form('series:Daily Sync'))).toEqual({ kind: 'series', series: 'Daily Sync' });
    expect(chosenFeed(form('series:'))).toBeNull();
    expect(chosenFeed(form('gossip'))).toBeNull();
  });

  it('creates a feed and shows its full address once', async () => {
    const { fetch, event: e } = event({ subject: 'series:Daily Sync' }, () =>
      jsonResponse(201, { feed: FEED, url: '/api/atom/abcdefghijklmnopqrstuvwxyz.xml' }),
    );
    expect(await atomFeedActions.createAtomFeed(e)).toEqual({
      form: 'atomFeed',
      feedUrl: 'https://briefroom.example.com/api/atom/abcdefghijklmnopqrstuvwxyz.xml',
      feedId: FEED.id,
    });
    const [input, init] = fetch.mock.calls[0]!;
    const request = input instanceof Request ? input : new Request(String(input), init);
    expect(await request.json()).toEqual({ kind: 'series', series: 'Daily Sync' });
  });

  it('refuses a form without a choice, and shows the API refusal', async () => {
    const empty = event({}, () => jsonResponse(201, {}));
    expect(await atomFeedActions.createAtomFeed(empty.event)).toMatchObject({
      status: 400,
      data: { message: 'Choose a series or decisions.' },
    });
    expect(empty.fetch).not.toHaveBeenCalled();
    const refused = event({ id: FEED.id }, () => contractError(404, 'NOT_FOUND', 'No such feed.'));
    expect(await atomFeedActions.revokeAtomFeed(refused.event)).toMatchObject({
      status: 404,
      data: { message: 'No such feed.' },
    });
  });

  it('turns a feed off and says its address no longer works', async () => {
    const { event: e } = event({ id: FEED.id }, () => new Response(null, { status: 204 }));
    expect(await atomFeedActions.revokeAtomFeed(e)).toEqual({
      form: 'atomFeed',
      success: 'Feed turned off: its address no longer works.',
    });
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { event: e } = event({ subject: 'decisions' }, () => jsonResponse(201, {}), false);
    await expect(atomFeedActions.createAtomFeed(e)).rejects.toMatchObject({ status: 303 });
  });

  it('lists the feeds with a way to renew or turn off each, and shows a new address once', () => {
    render(AtomFeedsSection, {
      feeds: [
        FEED,
        { ...FEED, id: '22222222-2222-4222-8222-222222222222', kind: 'decisions', series: null },
      ],
      series: ['Daily Sync', 'Weekly Review'],
      result: { feedUrl: 'https://briefroom.example.com/api/atom/x.xml' },
    });
    expect(screen.getByText('Series: Daily Sync', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Turn off Decisions' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New address for Series: Daily Sync' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Your feed address').value).toBe(
      'https://briefroom.example.com/api/atom/x.xml',
    );
    expect(screen.getByRole('option', { name: 'Series: Weekly Review' })).toBeTruthy();
  });
});
