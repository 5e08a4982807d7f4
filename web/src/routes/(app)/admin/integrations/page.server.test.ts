// @vitest-environment node
import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Integration } from '$lib/api/types';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeGroup, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.create>>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;

function makeIntegration(overrides: Partial<Integration> = {}): Integration {
  return {
    id: 'int-1',
    name: 'Platform Weekly',
    series: 'Platform Weekly',
    visibility: 'team',
    groupIds: [],
    webhookUrl: 'https://briefroom.example.com/api/hooks/briefings?integration=int-1',
    createdBy: { id: 'u-admin', displayName: 'Ada' },
    createdAt: '2026-05-01T08:00:00.000Z',
    lastUsedAt: null,
    lastError: null,
    revokedAt: null,
    ...overrides,
  };
}

const leadership = makeGroup({ id: 'g-lead', name: 'Leadership' });
const weekly = makeIntegration();
const ADDRESS = `briefings+${'a1'.repeat(20)}@in.example.com`;
const SECRET = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==';

function setup(routes: FakeRoutes, role: Role = 'admin') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  const url = 'http://app.test/admin/integrations';
  return {
    ...fake,
    load: async () =>
      (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as LoadData,
    post: async (name: keyof typeof actions, fields: Record<string, string | string[]>) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields))
        for (const one of Array.isArray(value) ? value : [value]) form.append(key, one);
      const run = actions[name] as (event: ActionEvent) => unknown;
      return run(requestEvent<ActionEvent>({ api: fake.api, user, url, form }));
    },
  };
}

describe('integrations administration', () => {
  it('lists the integrations and the groups they may share with', async () => {
    const { load } = setup({
      'GET /api/integrations': () => jsonResponse(200, { integrations: [weekly] }),
      'GET /api/groups': () => jsonResponse(200, { groups: [leadership] }),
    });

    const data = await load();

    expect(data.integrations).toEqual([weekly]);
    expect(data.groups).toEqual([leadership]);
    expect(data.groupsProblem).toBeNull();
  });

  it('creates an integration and hands its address and secret to the page once', async () => {
    const { post, callsTo } = setup({
      'POST /api/integrations': () =>
        jsonResponse(201, {
          integration: makeIntegration({ visibility: 'restricted', groupIds: ['g-lead'] }),
          emailAddress: ADDRESS,
          webhookSecret: SECRET,
        }),
    });

    const outcome = await post('create', {
      name: ' Platform Weekly ',
      series: 'Platform Weekly',
      visibility: 'restricted',
      groupIds: ['g-lead'],
    });

    expect(callsTo('POST', '/api/integrations')[0]?.body).toEqual({
      name: 'Platform Weekly',
      series: 'Platform Weekly',
      visibility: 'restricted',
      groupIds: ['g-lead'],
    });
    expect(outcome).toEqual({
      form: 'create',
      revealed: {
        name: 'Platform Weekly',
        emailAddress: ADDRESS,
        webhookUrl: weekly.webhookUrl,
        webhookSecret: SECRET,
      },
    });
  });

  it('refuses a form without a name or series, or restricted to no group, and calls nothing', async () => {
    const { post, calls } = setup({});

    const unnamed = await post('create', { name: '', series: 'Weekly' });
    const groupless = await post('create', { name: 'A', series: 'B', visibility: 'restricted' });

    expect(isActionFailure(unnamed) && unnamed.status).toBe(400);
    expect(isActionFailure(groupless) && groupless.data).toMatchObject({
      message: expect.stringMatching(/at least one group/),
    });
    expect(calls).toHaveLength(0);
  });

  it('shows the API’s sentence when it refuses', async () => {
    const { post } = setup({
      'POST /api/integrations': () =>
        contractError(400, 'VALIDATION_FAILED', 'groupIds names a group that does not exist.'),
    });

    const outcome = await post('create', {
      name: 'A',
      series: 'B',
      visibility: 'restricted',
      groupIds: ['gone'],
    });

    expect(isActionFailure(outcome) && outcome.data).toMatchObject({
      form: 'create',
      name: 'A',
      message: 'groupIds names a group that does not exist.',
    });
  });

  it('rotates the secret and the address, revealing only what changed', async () => {
    const { post } = setup({
      'POST /api/integrations/int-1/secret': () =>
        jsonResponse(200, { integration: weekly, webhookSecret: SECRET }),
      'POST /api/integrations/int-1/address': () =>
        jsonResponse(200, { integration: weekly, emailAddress: ADDRESS }),
    });

    expect(await post('rotateSecret', { id: 'int-1', name: 'Platform Weekly' })).toEqual({
      form: 'list',
      revealed: { name: 'Platform Weekly', webhookUrl: weekly.webhookUrl, webhookSecret: SECRET },
    });
    expect(await post('rotateAddress', { id: 'int-1', name: 'Platform Weekly' })).toEqual({
      form: 'list',
      revealed: { name: 'Platform Weekly', emailAddress: ADDRESS },
    });
  });

  it('revokes, and reports a revoked integration’s refusal to rotate', async () => {
    const { post, callsTo } = setup({
      'DELETE /api/integrations/int-1': () => new Response(null, { status: 204 }),
      'POST /api/integrations/int-1/secret': () =>
        contractError(409, 'CONFLICT', 'This integration is revoked: create a new one instead.'),
    });

    const revoked = await post('revoke', { id: 'int-1', name: 'Platform Weekly' });
    const rotated = await post('rotateSecret', { id: 'int-1', name: 'Platform Weekly' });

    expect(callsTo('DELETE', '/api/integrations/int-1')).toHaveLength(1);
    expect(revoked).toMatchObject({ form: 'list', success: expect.stringMatching(/revoked/) });
    expect(isActionFailure(rotated) && rotated.status).toBe(409);
  });

  it('refuses editors, members and viewers with 403 and calls nothing', async () => {
    for (const role of ['editor', 'member', 'viewer'] as const) {
      const { load, post, calls } = setup({}, role);

      const shown = await load().catch((thrown: unknown) => thrown);
      for (const name of ['create', 'rotateSecret', 'rotateAddress', 'revoke'] as const) {
        const posted = await Promise.resolve(post(name, { id: 'int-1', name: 'x' })).catch(
          (thrown: unknown) => thrown,
        );
        expect(isHttpError(posted) && posted.status).toBe(403);
      }
      expect(isHttpError(shown) && shown.status).toBe(403);
      expect(calls).toHaveLength(0);
    }
  });
});
