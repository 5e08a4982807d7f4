// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { SavedSearch, SearchResult } from '$lib/api/types';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<(typeof actions)['save']>>[0];

const RESULT: SearchResult = {
  query: 'energy',
  hits: [
    {
      type: 'item',
      id: 'b1a2c3d4-0000-4000-8000-000000000001',
      title: 'AI infra meets energy and climate constraints',
      snippet: 'record <mark>energy</mark> usage',
      url: '/briefings/daily-sync-2026-05-07#item-b1a2c3d4-0000-4000-8000-000000000001',
      date: '2026-05-07',
      briefing: { id: 'a1', slug: 'daily-sync-2026-05-07', title: 'Daily Sync: May 7, 2026' },
      tags: ['daily-sync'],
      status: null,
      author: null,
      owner: null,
    },
  ],
  facets: { type: { item: 1 } },
  estimatedTotalHits: 1,
  processingTimeMs: 2,
  interpreted: {
    terms: 'energy',
    types: [],
    filters: { people: [] },
    mode: 'hybrid',
    notice: null,
  },
  answer: null,
};

const SAVED: SavedSearch = {
  id: '5a5a5a5a-0000-4000-8000-000000000001',
  name: 'Energy news',
  query: 'energy',
  filters: { type: 'item' },
  alert: true,
  createdAt: '2026-05-07T10:00:00.000Z',
  lastCheckedAt: '2026-05-07T10:00:00.000Z',
};

function run(routes: FakeRoutes, url = 'http://app.test/search?q=energy') {
  const fake = fakeApi({
    'GET /api/search': () => jsonResponse(200, RESULT),
    'GET /api/saved-searches': () => jsonResponse(200, { savedSearches: [SAVED] }),
    ...routes,
  });
  return {
    ...fake,
    load: () =>
      Promise.resolve(load(requestEvent<LoadEvent>({ api: fake.api, user: makeUser(), url }))),
    save: (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      const save = actions.save;
      if (!save) throw new Error('no save action');
      return Promise.resolve(
        save(
          requestEvent<ActionEvent>({
            api: fake.api,
            user: makeUser(),
            url: 'http://app.test/search?/save',
            form,
            headers,
          }),
        ),
      ).catch((thrown: unknown) => thrown);
    },
  };
}

describe('search page load', () => {
  it('asks the API for the page’s words and filters, with its saved searches', async () => {
    const { load, callsTo } = run(
      {},
      'http://app.test/search?q=energy&type=item,bogus&tags=ai&from=2026-05-01&to=nope&offset=20',
    );
    const data = await load();

    const query = callsTo('GET', '/api/search')[0]?.query;
    expect(Object.fromEntries(query ?? [])).toEqual({
      q: 'energy',
      type: 'item',
      tags: 'ai',
      from: '2026-05-01',
      limit: '20',
      offset: '20',
    });
    expect(data).toMatchObject({
      result: RESULT,
      problem: null,
      pageSize: 20,
      savedSearches: [SAVED],
      state: { q: 'energy', type: ['item'], tags: ['ai'], from: '2026-05-01', to: '', offset: 20 },
    });
  });

  it('says search is unavailable on a 503, and still shows saved searches', async () => {
    const data = await run({
      'GET /api/search': () =>
        contractError(503, 'SEARCH_UNAVAILABLE', 'Search is unavailable right now.'),
    }).load();
    expect(data).toMatchObject({
      result: null,
      problem: { kind: 'unavailable' },
      savedSearches: [SAVED],
    });
  });

  it('shows the API’s sentence for a search it refuses', async () => {
    const data = await run({
      'GET /api/search': () => contractError(400, 'VALIDATION_FAILED', 'to must be a date'),
    }).load();
    expect(data).toMatchObject({ problem: { kind: 'invalid', message: 'to must be a date' } });
  });

  it('does without the saved searches when they cannot be listed', async () => {
    const data = await run({
      'GET /api/saved-searches': () => contractError(503, 'API_UNREACHABLE', 'down'),
    }).load();
    expect(data).toMatchObject({ result: RESULT, savedSearches: [] });
  });

  it('shows the error page for any other failure', async () => {
    const outcome = await run({
      'GET /api/search': () => contractError(403, 'FORBIDDEN', 'No.'),
    })
      .load()
      .catch((thrown: unknown) => thrown);
    expect(isHttpError(outcome) && outcome.status).toBe(403);
  });
});

describe('saving a search', () => {
  const created = () => jsonResponse(201, SAVED);

  it('saves the words and filters of the page under a name, with alerts when ticked', async () => {
    const { save, callsTo } = run({ 'POST /api/saved-searches': created });
    const outcome = await save(
      { name: ' Energy news ', alert: 'on', search: 'q=energy&type=item&offset=40&bogus=1' },
      { 'x-sveltekit-action': 'true' },
    );

    expect(callsTo('POST', '/api/saved-searches')[0]?.body).toEqual({
      name: 'Energy news',
      query: 'energy',
      filters: { type: 'item' },
      alert: true,
    });
    expect(outcome).toEqual({
      form: 'save',
      saved: { id: SAVED.id, name: 'Energy news', alert: true },
    });
  });

  it('goes to the saved searches after a plain form post', async () => {
    const outcome = await run({ 'POST /api/saved-searches': created }).save({
      name: 'Energy news',
      search: 'q=energy',
    });
    expect(isRedirect(outcome) && [outcome.status, outcome.location]).toEqual([
      303,
      `/search/saved?created=${SAVED.id}`,
    ]);
  });

  it('asks for a name, and sends nothing without one', async () => {
    const { save, calls } = run({});
    const outcome = await save({ name: '  ', search: 'q=energy' });
    expect(outcome).toMatchObject({
      status: 400,
      data: { form: 'save', message: 'Give the search a name.' },
    });
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('shows the API’s refusal next to the form, keeping what was typed', async () => {
    const outcome = await run({
      'POST /api/saved-searches': () =>
        contractError(400, 'VALIDATION_FAILED', 'name must be shorter'),
    }).save({ name: 'x', alert: 'on', search: '' });
    expect(outcome).toMatchObject({
      status: 400,
      data: { form: 'save', name: 'x', alert: true, message: 'name must be shorter' },
    });
  });
});
