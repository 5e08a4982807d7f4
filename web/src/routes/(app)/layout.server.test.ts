// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { load } from './+layout.server';

type LayoutEvent = Parameters<typeof load>[0];

describe('app layout load', () => {
  it('counts unread notifications for the bell', async () => {
    const user = makeUser();
    const fake = fakeApi({
      'GET /api/notifications': () =>
        jsonResponse(200, { notifications: [], unreadCount: 7, nextCursor: null }),
    });

    const data = await load(
      requestEvent<LayoutEvent>({ api: fake.api, user, url: 'http://app.test/briefings' }),
    );

    expect(data).toEqual({ user, unreadCount: 7 });
    expect(fake.calls[0]?.query.get('unread')).toBe('true');
  });

  it('still shows the page when the count fails', async () => {
    const user = makeUser();
    const fake = fakeApi({
      'GET /api/notifications': () => contractError(503, 'DB_DOWN', 'The database is unavailable.'),
    });

    const data = await load(
      requestEvent<LayoutEvent>({ api: fake.api, user, url: 'http://app.test/briefings' }),
    );

    expect(data).toEqual({ user, unreadCount: null });
  });
});
