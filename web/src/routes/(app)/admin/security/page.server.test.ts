// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.save>>[0];

const PATH = '/api/admin/security';

function setup(routes: FakeRoutes, role: Role | null = 'admin') {
  const fake = fakeApi(routes);
  const user = role ? makeUser({ id: 'u-admin', role }) : null;
  const url = 'http://app.test/admin/security';
  return {
    ...fake,
    load: () => Promise.resolve(load(requestEvent<LoadEvent>({ api: fake.api, user, url }))),
    removeTotp: (userId: string) => {
      const form = new FormData();
      form.set('userId', userId);
      if (!actions.removeTotp) throw new Error('no removeTotp action');
      return Promise.resolve(
        actions.removeTotp(requestEvent<ActionEvent>({ api: fake.api, user, url, form })),
      );
    },
    save: (...roles: string[]) => {
      const form = new FormData();
      for (const value of roles) form.append('requireTotpFor', value);
      if (!actions.save) throw new Error('no save action');
      return Promise.resolve(
        actions.save(requestEvent<ActionEvent>({ api: fake.api, user, url, form })),
      );
    },
  };
}

describe('admin security page', () => {
  it('loads the policy and the active people', async () => {
    const ada = makeUser({ id: 'u-ada' });
    const gone = makeUser({ id: 'u-gone', active: false });
    const { load } = setup({
      [`GET ${PATH}`]: () => jsonResponse(200, { requireTotpFor: ['admin'] }),
      'GET /api/admin/users': () => jsonResponse(200, { users: [ada, gone] }),
    });
    expect(await load()).toEqual({ settings: { requireTotpFor: ['admin'] }, users: [ada] });
  });

  it('is for admins only, and sends others to sign in or away', async () => {
    const editor = setup({}, 'editor');
    const refused = await editor.load().catch((thrown: unknown) => thrown);
    expect(isHttpError(refused) && refused.status).toBe(403);
    expect(editor.calls).toEqual([]);
    const saved = await editor.save('editor').catch((thrown: unknown) => thrown);
    expect(isHttpError(saved) && saved.status).toBe(403);
    expect(editor.calls).toEqual([]);

    const anonymous = setup({}, null);
    expect(isRedirect(await anonymous.load().catch((thrown: unknown) => thrown))).toBe(true);
  });

  it('saves the ticked roles in a fixed order', async () => {
    const { save, callsTo } = setup({
      [`PUT ${PATH}`]: (call) => jsonResponse(200, call.body),
    });

    expect(await save('admin', 'editor')).toEqual({
      success:
        'Saved. Editors and admins without two-factor authentication set it up at their next sign-in.',
    });
    expect(callsTo('PUT', PATH).map((call) => call.body)).toEqual([
      { requireTotpFor: ['editor', 'admin'] },
    ]);
  });

  it('saves none ticked as optional for everyone', async () => {
    const { save } = setup({ [`PUT ${PATH}`]: (call) => jsonResponse(200, call.body) });
    expect(await save()).toEqual({
      success: 'Two-factor authentication is optional for everyone.',
    });
  });

  it('refuses a role that is not offered, sending nothing', async () => {
    const { save, calls } = setup({});
    expect(await save('viewer')).toMatchObject({ status: 400 });
    expect(calls).toEqual([]);
  });

  it("shows the API's refusal when the admin has no second factor yet", async () => {
    const { save } = setup({
      [`PUT ${PATH}`]: () =>
        contractError(
          409,
          'CONFLICT',
          'Turn on two-factor authentication for your own account first.',
        ),
    });
    expect(await save('admin')).toMatchObject({
      status: 409,
      data: { message: 'Turn on two-factor authentication for your own account first.' },
    });
  });

  it("removes someone's second factor, and shows the API's answer when they have none", async () => {
    const done = setup({
      'DELETE /api/admin/users/u-ada/totp': () => new Response(null, { status: 204 }),
    });
    expect(await done.removeTotp('u-ada')).toMatchObject({
      form: 'remove',
      success: expect.stringContaining('signed out'),
    });
    expect(done.callsTo('DELETE', '/api/admin/users/u-ada/totp')).toHaveLength(1);

    const none = setup({
      'DELETE /api/admin/users/u-bob/totp': () =>
        contractError(409, 'CONFLICT', 'This user has no second factor to remove.'),
    });
    expect(await none.removeTotp('u-bob')).toMatchObject({
      status: 409,
      data: { form: 'remove', message: 'This user has no second factor to remove.' },
    });

    const nobody = setup({});
    expect(await nobody.removeTotp('')).toMatchObject({ status: 400 });
    expect(nobody.calls).toEqual([]);
  });
});
