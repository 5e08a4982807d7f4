// @vitest-environment node
import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Webhook, WebhookDelivery } from '$lib/api/types';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.create>>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;

const HOOK_ID = 'a1a2c3d4-0000-4000-8000-000000000001';
const hook: Webhook = {
  id: HOOK_ID,
  url: 'https://hooks.slack.com/services/T/B/X',
  events: ['comment.created'],
  format: 'slack',
  groupId: null,
  description: null,
  active: true,
  createdAt: '2026-12-07T10:00:00.000Z',
};
const delivery: WebhookDelivery = {
  id: 'd1a2c3d4-0000-4000-8000-000000000001',
  event: 'comment.created',
  state: 'failed',
  attempts: 8,
  lastStatus: 500,
  lastError: 'the receiver answered 500',
  nextAttemptAt: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  deliveredAt: null,
  attemptLog: [],
};

function setup(routes: FakeRoutes, role: Role = 'admin', search = '') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  const url = `http://app.test/admin/webhooks${search}`;
  return {
    ...fake,
    load: async () =>
      (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as LoadData,
    post: async (name: keyof typeof actions, fields: Array<[string, string]>) => {
      const form = new FormData();
      for (const [key, value] of fields) form.append(key, value);
      const run = actions[name] as (event: ActionEvent) => unknown;
      return run(requestEvent<ActionEvent>({ api: fake.api, user, url, form }));
    },
  };
}

const listRoutes: FakeRoutes = {
  'GET /api/webhooks': () => jsonResponse(200, { webhooks: [hook] }),
  'GET /api/admin/groups': () => jsonResponse(200, { groups: [] }),
};

describe('webhooks administration', () => {
  it('lists hooks, and a hook’s delivery log when asked', async () => {
    const { load } = setup(
      {
        ...listRoutes,
        [`GET /api/webhooks/${HOOK_ID}/deliveries`]: () =>
          jsonResponse(200, { deliveries: [delivery] }),
      },
      'admin',
      `?hook=${HOOK_ID}`,
    );
    const data = await load();
    expect(data.webhooks).toEqual([hook]);
    expect(data.shownId).toBe(HOOK_ID);
    expect(data.deliveries).toEqual([delivery]);
  });

  it('is for admins only', async () => {
    const { load } = setup(listRoutes, 'editor');
    const refused = await load().catch((error: unknown) => error);
    expect(isHttpError(refused) && refused.status).toBe(403);
  });

  it('creates with the chosen events and shows the secret once; refuses an empty form before the API', async () => {
    const { post, callsTo, calls } = setup({
      'POST /api/webhooks': () =>
        jsonResponse(201, { id: HOOK_ID, webhook: hook, secret: 'whsec_abc' }),
    });
    const empty = await post('create', [['url', 'https://x.example/hook']]);
    expect(isActionFailure(empty) && empty.status).toBe(400);
    expect(calls).toHaveLength(0);
    const created = await post('create', [
      ['url', 'https://hooks.slack.com/services/T/B/X'],
      ['events', 'comment.created'],
      ['events', 'not.an.event'],
      ['format', 'slack'],
    ]);
    expect(callsTo('POST', '/api/webhooks').map((call) => call.body)).toEqual([
      {
        url: 'https://hooks.slack.com/services/T/B/X',
        events: ['comment.created'],
        format: 'slack',
      },
    ]);
    expect(created).toMatchObject({ form: 'create', secret: 'whsec_abc' });
  });

  it('shows the API’s refusal of an internal address', async () => {
    const { post } = setup({
      'POST /api/webhooks': () =>
        contractError(422, 'URL_NOT_ALLOWED', 'Briefroom does not post to internal addresses.'),
    });
    const refused = await post('create', [
      ['url', 'http://127.0.0.1/hook'],
      ['events', 'comment.created'],
    ]);
    expect(refused).toMatchObject({
      status: 422,
      data: { form: 'create', code: 'URL_NOT_ALLOWED' },
    });
  });

  it('replays a delivery', async () => {
    const { post, callsTo } = setup({
      [`POST /api/webhooks/${HOOK_ID}/deliveries/${delivery.id}/replay`]: () =>
        jsonResponse(202, { delivery: { ...delivery, state: 'pending' } }),
    });
    const replayed = await post('replay', [
      ['id', HOOK_ID],
      ['deliveryId', delivery.id],
    ]);
    expect(
      callsTo('POST', `/api/webhooks/${HOOK_ID}/deliveries/${delivery.id}/replay`),
    ).toHaveLength(1);
    expect(replayed).toMatchObject({ form: 'deliveries', success: expect.any(String) });
  });
});
