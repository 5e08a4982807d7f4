// @vitest-environment node
import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { makeAction } from '$lib/actions/test-factories';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { jsonResponse, makePerson, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type ActionEvent = Parameters<NonNullable<(typeof actions)['default']>>[0];

const ada = makePerson();
const grace = makePerson({
  id: 'aaaaaaaa-0000-4000-8000-000000000003',
  displayName: 'Grace Hopper',
  handle: 'grace',
});
const people: Record<string, (typeof ada)[]> = { ada: [ada], grace: [grace] };

function create(routes: FakeRoutes, fields: Record<string, string>) {
  const fake = fakeApi({
    'GET /api/users/mentionable': (call) =>
      jsonResponse(200, { users: people[call.query.get('q') ?? ''] ?? [] }),
    ...routes,
  });
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const event = requestEvent<ActionEvent>({
    api: fake.api,
    user: makeUser({ role: 'member' }),
    url: 'http://app.test/actions/new',
    form,
  });
  const outcome = Promise.resolve(actions.default?.(event)).catch((thrown: unknown) => thrown);
  return { ...fake, outcome };
}

describe('new action page', () => {
  it('pre-fills the title from the comment it came from and leaves the owner empty', async () => {
    const fake = fakeApi({
      'GET /api/users/mentionable': () => jsonResponse(200, { users: [ada] }),
    });
    const event = requestEvent<Parameters<typeof load>[0]>({
      api: fake.api,
      user: makeUser({ role: 'member', handle: 'mia' }),
      url: `http://app.test/actions/new?quote=${encodeURIComponent('Let us **pilot** the hydro region. It is cheaper.')}`,
    });
    const data = (await load(event)) as {
      values: { title: string; owner: string; description: string };
    };
    expect(data.values.title).toBe('Let us pilot the hydro region');
    expect(data.values.owner).toBe('');
    expect(data.values.description).toMatch(/^> Let us \*\*pilot\*\*/);
  });

  it('creates the action with the watchers named by @handle', async () => {
    const created = makeAction({ watchers: [grace] });
    const { outcome, callsTo } = create(
      { 'POST /api/actions': () => jsonResponse(201, created) },
      { title: 'Check grid dates', priority: 'high', owner: '@ada', watchers: '@grace, @GRACE' },
    );
    const result = await outcome;
    expect(isRedirect(result) && result.location).toBe(`/actions/${created.id}?notice=created`);
    expect(callsTo('POST', '/api/actions')[0]?.body).toMatchObject({
      title: 'Check grid dates',
      ownerId: ada.id,
      watcherIds: [grace.id],
    });
  });

  it('asks again for a watcher nobody is called, creating nothing', async () => {
    const { outcome, callsTo } = create(
      {},
      { title: 'Check grid dates', priority: 'high', owner: '', watchers: '@zed' },
    );
    await expect(outcome).resolves.toMatchObject({
      status: 400,
      data: { message: 'Nobody called “@zed” can watch actions. Check the @handle.' },
    });
    expect(callsTo('POST', '/api/actions')).toHaveLength(0);
  });
});
