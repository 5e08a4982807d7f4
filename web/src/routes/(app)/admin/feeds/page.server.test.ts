// @vitest-environment node
import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Feed } from '$lib/api/types';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.create>>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;

function makeFeed(overrides: Partial<Feed> = {}): Feed {
  return {
    id: 'feed-1',
    url: 'https://example.com/feed.xml',
    title: 'Platform Weekly',
    series: 'Platform Weekly',
    paused: false,
    failures: 0,
    lastPolledAt: null,
    lastSuccessAt: null,
    lastError: null,
    nextPollAt: '2026-05-10T12:15:00.000Z',
    entriesImported: 0,
    createdAt: '2026-05-01T08:00:00.000Z',
    ...overrides,
  };
}

const weekly = makeFeed();
const briefing = {
  id: 'b-1',
  slug: 'platform-weekly-2026-05-10',
  title: 'Platform Weekly: May 10',
};

function setup(routes: FakeRoutes, role: Role = 'admin') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  const url = 'http://app.test/admin/feeds';
  return {
    ...fake,
    load: async () =>
      (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as LoadData,
    post: async (name: keyof typeof actions, fields: Record<string, string>) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      const run = actions[name] as (event: ActionEvent) => unknown;
      return run(requestEvent<ActionEvent>({ api: fake.api, user, url, form }));
    },
  };
}

describe('feeds administration', () => {
  it('lists the feeds', async () => {
    const { load } = setup({ 'GET /api/feeds': () => jsonResponse(200, { feeds: [weekly] }) });

    const data = await load();

    expect(data.feeds).toEqual([weekly]);
    expect(data.now).toEqual(expect.any(Number));
  });

  it('subscribes with the address and, when given, the series', async () => {
    const { post, callsTo } = setup({
      'POST /api/feeds': () => jsonResponse(201, { feed: weekly }),
    });

    const withSeries = await post('create', {
      url: ' https://example.com/feed.xml ',
      series: ' Platform Weekly ',
    });
    const without = await post('create', { url: 'https://example.com/feed.xml', series: '' });

    expect(callsTo('POST', '/api/feeds').map((call) => call.body)).toEqual([
      { url: 'https://example.com/feed.xml', series: 'Platform Weekly' },
      { url: 'https://example.com/feed.xml' },
    ]);
    expect(withSeries).toEqual({
      form: 'create',
      success:
        'Subscribed to https://example.com/feed.xml. Its entries arrive at the next poll, or now with Poll now.',
    });
    expect(without).toMatchObject({ form: 'create' });
  });

  it('asks for an address before calling the API, and shows the API’s refusal of an internal one', async () => {
    const { post, calls } = setup({
      'POST /api/feeds': () =>
        contractError(
          422,
          'URL_NOT_ALLOWED',
          'localhost resolves to a loopback, private, link-local or metadata address, which Briefroom does not fetch.',
        ),
    });

    const empty = await post('create', { url: '  ', series: 'Weekly' });
    expect(calls).toHaveLength(0);
    const refused = await post('create', { url: 'http://localhost/feed.xml', series: '' });

    expect(isActionFailure(empty) && empty.status).toBe(400);
    expect(empty).toMatchObject({
      data: { form: 'create', series: 'Weekly', message: 'Give the address of the feed.' },
    });
    expect(refused).toMatchObject({
      status: 422,
      data: { form: 'create', url: 'http://localhost/feed.xml', code: 'URL_NOT_ALLOWED' },
    });
  });

  it('polls now and says what came of it', async () => {
    const answers = [
      { feed: weekly, notModified: false, briefings: [briefing], skipped: 0 },
      { feed: weekly, notModified: true, briefings: [], skipped: 0 },
      { feed: weekly, notModified: false, briefings: [], skipped: 2 },
    ];
    const { post, callsTo } = setup({
      'POST /api/feeds/feed-1/poll': () => jsonResponse(200, answers.shift()),
    });
    const fields = { id: 'feed-1', label: 'Platform Weekly' };

    const outcomes = [
      await post('poll', fields),
      await post('poll', fields),
      await post('poll', fields),
    ];

    expect(callsTo('POST', '/api/feeds/feed-1/poll')).toHaveLength(3);
    expect(outcomes).toEqual([
      { form: 'list', success: 'Imported 1 briefing from Platform Weekly.' },
      { form: 'list', success: 'Platform Weekly has not changed since the last poll.' },
      {
        form: 'list',
        success:
          'No new entries in Platform Weekly. 2 new entries were not a briefing: see the feed’s last problem.',
      },
    ]);
  });

  it('shows why a poll failed', async () => {
    const { post } = setup({
      'POST /api/feeds/feed-1/poll': () =>
        contractError(422, 'URL_FETCH_FAILED', 'example.com answered HTTP 503.', {
          reason: 'http_status',
          status: 503,
        }),
    });

    const outcome = await post('poll', { id: 'feed-1', label: 'Platform Weekly' });

    expect(outcome).toMatchObject({
      status: 422,
      data: { form: 'list', message: 'example.com answered HTTP 503.', code: 'URL_FETCH_FAILED' },
    });
  });

  it('pauses, resumes and unsubscribes', async () => {
    const { post, callsTo } = setup({
      'PATCH /api/feeds/feed-1': () => jsonResponse(200, { feed: weekly }),
      'DELETE /api/feeds/feed-1': () => new Response(null, { status: 204 }),
    });
    const fields = { id: 'feed-1', label: 'Platform Weekly' };

    const paused = await post('pause', fields);
    const resumed = await post('resume', fields);
    const deleted = await post('delete', fields);

    expect(callsTo('PATCH', '/api/feeds/feed-1').map((call) => call.body)).toEqual([
      { paused: true },
      { paused: false },
    ]);
    expect(callsTo('DELETE', '/api/feeds/feed-1')).toHaveLength(1);
    expect(paused).toEqual({
      form: 'list',
      success: 'Platform Weekly is paused: it is not polled until you resume it.',
    });
    expect(resumed).toMatchObject({
      success: 'Platform Weekly is resumed: it is polled at the next pass.',
    });
    expect(deleted).toMatchObject({
      success: 'Unsubscribed from Platform Weekly. The briefings it brought stay.',
    });
  });

  it('answers 400 when a row’s form lost its feed, calling nothing', async () => {
    const { post, calls } = setup({});

    const outcome = await post('poll', { label: 'Platform Weekly' });

    expect(isActionFailure(outcome) && outcome.status).toBe(400);
    expect(calls).toHaveLength(0);
  });

  it('refuses editors with 403 and calls nothing', async () => {
    const { load, post, calls } = setup(
      { 'GET /api/feeds': () => jsonResponse(200, { feeds: [weekly] }) },
      'editor',
    );

    const shown = await load().catch((thrown: unknown) => thrown);
    const posted = await Promise.resolve(post('poll', { id: 'feed-1' })).catch(
      (thrown: unknown) => thrown,
    );

    expect(isHttpError(shown) && shown.status).toBe(403);
    expect(isHttpError(posted) && posted.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});
