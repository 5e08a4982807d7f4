// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { SavedSearch } from '$lib/api/types';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<(typeof actions)['delete']>>[0];

const SAVED: SavedSearch = {
  id: '5a5a5a5a-0000-4000-8000-000000000001',
  name: 'Energy news',
  query: 'energy',
  filters: {},
  alert: false,
  createdAt: '2026-05-07T10:00:00.000Z',
  lastCheckedAt: '2026-05-07T10:00:00.000Z',
};

function run(routes: FakeRoutes) {
  const fake = fakeApi({
    'GET /api/saved-searches': () => jsonResponse(200, { savedSearches: [SAVED] }),
    ...routes,
  });
  return {
    ...fake,
    load: (url: string) =>
      Promise.resolve(load(requestEvent<LoadEvent>({ api: fake.api, user: makeUser(), url }))),
    remove: (id: string, headers: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('id', id);
      const remove = actions.delete;
      if (!remove) throw new Error('no delete action');
      return Promise.resolve(
        remove(
          requestEvent<ActionEvent>({
            api: fake.api,
            user: makeUser(),
            url: 'http://app.test/search/saved?/delete',
            form,
            headers,
          }),
        ),
      ).catch((thrown: unknown) => thrown);
    },
  };
}

describe('saved searches page', () => {
  it('lists them, confirming a new one only by the id of one that exists', async () => {
    const { load } = run({});
    await expect(load(`http://app.test/search/saved?created=${SAVED.id}`)).resolves.toEqual({
      savedSearches: [SAVED],
      created: SAVED,
      deleted: false,
    });
    await expect(load('http://app.test/search/saved?created=made-up')).resolves.toMatchObject({
      created: null,
    });
  });

  it('shows the error page when they cannot be listed', async () => {
    const outcome = await run({
      'GET /api/saved-searches': () => contractError(503, 'API_UNREACHABLE', 'down'),
    })
      .load('http://app.test/search/saved')
      .catch((thrown: unknown) => thrown);
    expect(isHttpError(outcome) && outcome.status).toBe(503);
  });

  it('deletes one, answering the enhanced form with data and a plain post with a redirect', async () => {
    const deleted = () => new Response(null, { status: 204 });
    const enhanced = run({ [`DELETE /api/saved-searches/${SAVED.id}`]: deleted });
    await expect(enhanced.remove(SAVED.id, { 'x-sveltekit-action': 'true' })).resolves.toEqual({
      id: SAVED.id,
      deleted: true,
    });
    expect(enhanced.callsTo('DELETE', `/api/saved-searches/${SAVED.id}`)).toHaveLength(1);

    const plain = await run({ [`DELETE /api/saved-searches/${SAVED.id}`]: deleted }).remove(
      SAVED.id,
    );
    expect(isRedirect(plain) && plain.location).toBe('/search/saved?deleted=1');
  });

  it('shows the API’s 404 for someone else’s saved search', async () => {
    const outcome = await run({
      [`DELETE /api/saved-searches/${SAVED.id}`]: () =>
        contractError(404, 'NOT_FOUND', 'No such saved search.'),
    }).remove(SAVED.id);
    expect(outcome).toMatchObject({ status: 404, data: { message: 'No such saved search.' } });
  });
});
