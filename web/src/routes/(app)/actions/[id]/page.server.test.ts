// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { makeAction } from '$lib/actions/test-factories';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makePerson, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<(typeof actions)['edit']>>[0];

const action = makeAction({ title: 'Check grid dates', priority: 'low' });
const PATH = `/api/actions/${action.id}`;

function run(routes: FakeRoutes, role: Role, userId = 'ff000000-0000-4000-8000-000000000001') {
  const fake = fakeApi({ [`GET ${PATH}`]: () => jsonResponse(200, action), ...routes });
  const user = makeUser({ id: userId, role });
  const url = `http://app.test/actions/${action.id}`;
  return {
    ...fake,
    load: () =>
      Promise.resolve(
        load(requestEvent<LoadEvent>({ api: fake.api, user, url, params: { id: action.id } })),
      ),
    post: (name: 'edit' | 'status', fields: Record<string, string>) => {
      const runAction = actions[name];
      if (!runAction) throw new Error(`no ${name} action`);
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      const event = requestEvent<ActionEvent>({
        api: fake.api,
        user,
        url: `${url}?/${name}`,
        params: { id: action.id },
        form,
      });
      return Promise.resolve(runAction(event)).catch((thrown: unknown) => thrown);
    },
  };
}

describe('action detail page', () => {
  it('lets the owner edit, and shows viewers and other members no controls', async () => {
    const owner = action.owner?.id as string;
    await expect(run({}, 'member', owner).load()).resolves.toMatchObject({ canEdit: true });
    await expect(run({}, 'member').load()).resolves.toMatchObject({ canEdit: false });
    await expect(run({}, 'viewer').load()).resolves.toMatchObject({ canEdit: false });
    await expect(run({}, 'editor').load()).resolves.toMatchObject({ canEdit: true });
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const outcome = await run(
      { [`GET ${PATH}`]: () => contractError(400, 'VALIDATION_FAILED', 'id must be a UUID') },
      'viewer',
    )
      .load()
      .catch((thrown: unknown) => thrown);
    expect(isHttpError(outcome) && outcome.status).toBe(404);
  });

  it('shows the API refusal of a forced edit, keeping what was typed', async () => {
    const { post, callsTo } = run(
      {
        'GET /api/users/mentionable': () => jsonResponse(200, { users: [] }),
        [`PATCH ${PATH}`]: () =>
          contractError(
            403,
            'FORBIDDEN',
            'Only its owner, its creator or an editor can change this action item.',
          ),
      },
      'viewer',
    );
    const outcome = await post('edit', { title: 'Hijacked', priority: 'urgent', owner: '' });
    expect(outcome).toMatchObject({
      status: 403,
      data: {
        form: 'edit',
        message: expect.stringMatching(/Only its owner/),
        values: { title: 'Hijacked' },
      },
    });
    expect(callsTo('PATCH', PATH)[0]?.body).toEqual({
      title: 'Hijacked',
      priority: 'urgent',
      ownerId: null,
    });
  });

  it('sends only the changed fields, resolving the owner by handle, then goes back to the page', async () => {
    const grace = makePerson({
      id: 'aaaaaaaa-0000-4000-8000-000000000003',
      displayName: 'Grace Hopper',
      handle: 'grace',
    });
    const { post, callsTo } = run(
      {
        'GET /api/users/mentionable': () => jsonResponse(200, { users: [grace] }),
        [`PATCH ${PATH}`]: () => jsonResponse(200, action),
      },
      'editor',
    );
    const outcome = await post('edit', {
      title: action.title,
      description: action.description,
      owner: '@grace',
      dueOn: '',
      priority: 'low',
    });
    expect(isRedirect(outcome) && outcome.location).toBe(`/actions/${action.id}?notice=saved`);
    expect(callsTo('PATCH', PATH)[0]?.body).toEqual({ ownerId: grace.id });
  });

  it('says a refused status change in the API words', async () => {
    const { post } = run(
      {
        [`PATCH ${PATH}`]: () =>
          contractError(409, 'CONFLICT', 'An action item cannot go from done to blocked.'),
      },
      'editor',
    );
    await expect(post('status', { status: 'blocked' })).resolves.toMatchObject({
      status: 409,
      data: { form: 'status', message: 'An action item cannot go from done to blocked.' },
    });
    await expect(post('status', { status: 'archived' })).resolves.toMatchObject({ status: 400 });
  });
});
