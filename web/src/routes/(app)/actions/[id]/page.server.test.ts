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
    post: (name: keyof typeof actions, fields: Record<string, string> = {}) => {
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

  describe('watchers', () => {
    const ada = action.owner as NonNullable<typeof action.owner>;
    const grace = makePerson({
      id: 'aaaaaaaa-0000-4000-8000-000000000003',
      displayName: 'Grace Hopper',
      handle: 'grace',
    });
    const VIEWER = 'ff000000-0000-4000-8000-000000000001';
    const watched = { ...action, watchers: [grace] };

    it('tells the page whether the reader watches it', async () => {
      const as = (userId: string) =>
        run({ [`GET ${PATH}`]: () => jsonResponse(200, watched) }, 'viewer', userId).load();
      await expect(as(grace.id)).resolves.toMatchObject({ watching: true, canEdit: false });
      await expect(as(VIEWER)).resolves.toMatchObject({ watching: false });
    });

    it('lets a viewer watch and stop watching, then goes back to the page', async () => {
      const { post, callsTo } = run(
        {
          [`PUT ${PATH}/watch`]: () => jsonResponse(200, watched),
          [`DELETE ${PATH}/watch`]: () => jsonResponse(200, action),
        },
        'viewer',
      );
      const watching = await post('watch');
      expect(isRedirect(watching) && watching.location).toBe(
        `/actions/${action.id}?notice=watching`,
      );
      const stopped = await post('unwatch');
      expect(isRedirect(stopped) && stopped.location).toBe(
        `/actions/${action.id}?notice=unwatched`,
      );
      expect(callsTo('PUT', `${PATH}/watch`)).toHaveLength(1);
      expect(callsTo('DELETE', `${PATH}/watch`)).toHaveLength(1);
    });

    it('shows the API refusal of a watch in its words', async () => {
      const { post } = run(
        {
          [`PUT ${PATH}/watch`]: () =>
            contractError(404, 'NOT_FOUND', 'This action item does not exist.'),
        },
        'viewer',
      );
      await expect(post('watch')).resolves.toMatchObject({
        status: 404,
        data: { form: 'watch', message: 'This action item does not exist.' },
      });
    });

    it('replaces the set from @handles, keeping current watchers without asking', async () => {
      const { post, callsTo } = run(
        {
          [`GET ${PATH}`]: () => jsonResponse(200, watched),
          'GET /api/users/mentionable': (call) =>
            jsonResponse(200, { users: call.query.get('q') === 'ada' ? [ada] : [] }),
          [`PATCH ${PATH}`]: () => jsonResponse(200, watched),
        },
        'editor',
      );
      const fields = {
        title: action.title,
        description: action.description,
        owner: `@${ada.handle}`,
        dueOn: '',
        priority: 'low',
      };
      const outcome = await post('edit', { ...fields, watchers: '@grace, @ada' });
      expect(isRedirect(outcome) && outcome.location).toBe(`/actions/${action.id}?notice=saved`);
      expect(callsTo('PATCH', PATH)[0]?.body).toEqual({ watcherIds: [grace.id, ada.id] });
      expect(callsTo('GET', '/api/users/mentionable').map((call) => call.query.get('q'))).toEqual([
        'ada',
        'ada',
      ]);

      const cleared = await post('edit', { ...fields, watchers: '' });
      expect(isRedirect(cleared) && cleared.location).toBe(`/actions/${action.id}?notice=saved`);
      expect(callsTo('PATCH', PATH)[1]?.body).toEqual({ watcherIds: [] });

      const same = await post('edit', { ...fields, watchers: 'Grace Hopper' });
      expect(isRedirect(same) && same.location).toBe(`/actions/${action.id}?notice=unchanged`);
      expect(callsTo('PATCH', PATH)).toHaveLength(2);
    });

    it('asks again for a handle nobody has, sending nothing', async () => {
      const { post, callsTo } = run(
        { 'GET /api/users/mentionable': () => jsonResponse(200, { users: [] }) },
        'editor',
      );
      await expect(
        post('edit', { title: action.title, priority: 'low', watchers: '@nobody' }),
      ).resolves.toMatchObject({
        status: 400,
        data: {
          form: 'edit',
          message: 'Nobody called “@nobody” can watch actions. Check the @handle.',
          values: { watchers: '@nobody' },
        },
      });
      expect(callsTo('PATCH', PATH)).toHaveLength(0);
    });

    it('shows the API refusal of a watcher change, keeping what was typed', async () => {
      const message = 'Grace Hopper may not read this action item.';
      const { post } = run(
        {
          'GET /api/users/mentionable': (call) =>
            jsonResponse(200, { users: call.query.get('q') === 'grace' ? [grace] : [ada] }),
          [`PATCH ${PATH}`]: () =>
            contractError(400, 'VALIDATION_FAILED', message, [
              { field: 'watcherIds', problems: ['cannot read it'], userIds: [grace.id] },
            ]),
        },
        'member',
        ada.id,
      );
      await expect(
        post('edit', { title: action.title, priority: 'low', owner: '@ada', watchers: '@grace' }),
      ).resolves.toMatchObject({
        status: 400,
        data: { form: 'edit', message, values: { watchers: '@grace' } },
      });
    });
  });
});
