// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { load } from './+layout.server';

type LayoutEvent = Parameters<typeof load>[0];

describe('app layout load', () => {
  it('asks only for the unread count for the bell, not a page of notifications', async () => {
    const user = makeUser();
    const fake = fakeApi({
      'GET /api/notifications/unread-count': () => jsonResponse(200, { count: 7 }),
    });

    const data = await load(
      requestEvent<LayoutEvent>({ api: fake.api, user, url: 'http://app.test/briefings' }),
    );

    expect(data).toEqual({ user, unreadCount: 7 });
    expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /api/notifications/unread-count',
    ]);
  });

  it('still shows the page when the count fails', async () => {
    const user = makeUser();
    const fake = fakeApi({
      'GET /api/notifications/unread-count': () =>
        contractError(503, 'DB_DOWN', 'The database is unavailable.'),
    });

    const data = await load(
      requestEvent<LayoutEvent>({ api: fake.api, user, url: 'http://app.test/briefings' }),
    );

    expect(data).toEqual({ user, unreadCount: null });
  });
});
