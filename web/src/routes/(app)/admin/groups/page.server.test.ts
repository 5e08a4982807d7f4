// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { User } from '$lib/api/types';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeGroup, makeUser } from '$lib/testing/factories';
import { actions as groupActions, load as groupLoad } from './[id]/+page.server';
import { actions as listActions } from './+page.server';

type GroupLoadEvent = Parameters<typeof groupLoad>[0];
type ActionEvent = Parameters<NonNullable<typeof groupActions.members>>[0];
type GroupData = Exclude<Awaited<ReturnType<typeof groupLoad>>, void>;

const group = makeGroup({ id: 'g-lead', name: 'Leadership', memberCount: 1 });
const ada = makeUser({ id: 'u-ada', displayName: 'Ada Lovelace' });
const grace = makeUser({ id: 'u-grace', displayName: 'Grace Hopper', email: 'grace@example.com' });
const former = makeUser({ id: 'u-former', displayName: 'Alan Turing', active: false });

function setup(routes: FakeRoutes, role: Role = 'admin') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  const url = `http://app.test/admin/groups/${group.id}`;
  return {
    ...fake,
    load: async (query = '') =>
      (await groupLoad(
        requestEvent<GroupLoadEvent>({
          api: fake.api,
          user,
          url: url + query,
          params: { id: group.id },
        }),
      )) as GroupData,
    post: async (
      actions: typeof groupActions | typeof listActions,
      name: string,
      form: FormData,
    ) => {
      const run = (actions as Record<string, (event: ActionEvent) => unknown>)[name];
      if (!run) throw new Error(`no ${name} action`);
      return run(
        requestEvent<ActionEvent>({ api: fake.api, user, url, params: { id: group.id }, form }),
      );
    },
  };
}

function formWith(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form;
}

const groupRoutes: FakeRoutes = {
  'GET /api/groups': () => jsonResponse(200, { groups: [group] }),
  [`GET /api/admin/groups/${group.id}/members`]: () => jsonResponse(200, { members: [former] }),
  'GET /api/admin/users': () => jsonResponse(200, { users: [grace, ada] }),
};

describe('group administration', () => {
  it('lists everyone by name with the current members ticked, keeping members the user list lacks', async () => {
    const { load } = setup(groupRoutes);

    const data = await load('?delete');

    expect(data.group).toEqual(group);
    expect((data.people as User[]).map((person) => person.displayName)).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Grace Hopper',
    ]);
    expect(data.memberIds).toEqual(['u-former']);
    expect(data.confirmingDelete).toBe(true);
  });

  it('answers 404 for a group that is gone', async () => {
    const { load } = setup({
      ...groupRoutes,
      'GET /api/groups': () => jsonResponse(200, { groups: [] }),
    });

    const outcome = await load().catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(404);
  });

  it('replaces the members with exactly the ticked people', async () => {
    const { post, callsTo } = setup({
      [`PUT /api/admin/groups/${group.id}/members`]: () =>
        jsonResponse(200, { members: [ada, grace] }),
    });

    const outcome = await post(
      groupActions,
      'members',
      formWith({ userIds: ['u-ada', 'u-grace'] }),
    );

    expect(callsTo('PUT', `/api/admin/groups/${group.id}/members`)[0]?.body).toEqual({
      userIds: ['u-ada', 'u-grace'],
    });
    expect(outcome).toEqual({ form: 'members', success: 'Saved: 2 members.' });
  });

  it('renames, and reports a refused name with the API’s sentence', async () => {
    const { post, callsTo } = setup({
      [`PATCH /api/admin/groups/${group.id}`]: () =>
        contractError(409, 'GROUP_NAME_TAKEN', 'A group with that name exists.'),
    });

    const outcome = await post(groupActions, 'rename', formWith({ name: 'Platform' }));

    expect(callsTo('PATCH', `/api/admin/groups/${group.id}`)[0]?.body).toEqual({
      name: 'Platform',
    });
    expect(outcome).toMatchObject({
      status: 409,
      data: { form: 'rename', name: 'Platform', message: 'A group with that name exists.' },
    });
  });

  it('deletes on confirmation and returns to the list', async () => {
    const { post, callsTo } = setup({
      [`DELETE /api/admin/groups/${group.id}`]: () => new Response(null, { status: 204 }),
    });

    const outcome = await post(groupActions, 'delete', new FormData()).catch(
      (thrown: unknown) => thrown,
    );

    expect(callsTo('DELETE', `/api/admin/groups/${group.id}`)).toHaveLength(1);
    expect(isRedirect(outcome) && outcome.location).toBe('/admin/groups?notice=group-deleted');
  });

  it('creates a group and goes straight to choosing its members', async () => {
    const created = makeGroup({ id: 'g-new', name: 'Platform', memberCount: 0 });
    const { post, callsTo } = setup({
      'POST /api/admin/groups': () => jsonResponse(201, { group: created }),
    });

    const outcome = await post(listActions, 'create', formWith({ name: '  Platform ' })).catch(
      (thrown: unknown) => thrown,
    );

    expect(callsTo('POST', '/api/admin/groups')[0]?.body).toEqual({ name: 'Platform' });
    expect(isRedirect(outcome) && outcome.location).toBe(
      '/admin/groups/g-new?notice=group-created',
    );
  });

  it('refuses editors with 403 and calls nothing', async () => {
    const { load, post, calls } = setup(groupRoutes, 'editor');

    const shown = await load().catch((thrown: unknown) => thrown);
    const posted = await Promise.resolve(post(groupActions, 'delete', new FormData())).catch(
      (thrown: unknown) => thrown,
    );

    expect(isHttpError(shown) && shown.status).toBe(403);
    expect(isHttpError(posted) && posted.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});
