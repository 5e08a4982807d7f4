// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeApi, requestEvent } from '$lib/testing/fake-api';
import { jsonResponse, makeNotification, makeUser } from '$lib/testing/factories';
import {
  makeActionReminder,
  makeReviewReminder,
  makeSavedSearchAlert,
} from '$lib/notifications/test-factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<(typeof actions)['readAll']>>[0];

function action(name: keyof typeof actions) {
  const run = actions[name];
  if (!run) throw new Error(`no ${name} action`);
  return run;
}

describe('notifications page', () => {
  it('lists notifications, only the unread ones when asked', async () => {
    const notification = makeNotification();
    const fake = fakeApi({
      'GET /api/notifications': () =>
        jsonResponse(200, { notifications: [notification], unreadCount: 1, nextCursor: null }),
    });

    const data = await load(
      requestEvent<LoadEvent>({
        api: fake.api,
        user: makeUser(),
        url: 'http://app.test/notifications?show=unread',
      }),
    );

    expect(data).toMatchObject({ notifications: [notification], unreadCount: 1, unreadOnly: true });
    expect(fake.callsTo('GET', '/api/notifications')[0]?.query.get('unread')).toBe('true');
  });

  it('passes reminders and saved-search alerts (no thread) through as the API sends them', async () => {
    const notifications = [
      makeActionReminder('action.due_soon'),
      makeReviewReminder(),
      makeSavedSearchAlert(),
    ];
    const fake = fakeApi({
      'GET /api/notifications': () =>
        jsonResponse(200, { notifications, unreadCount: 3, nextCursor: 'next-page' }),
    });

    const data = await load(
      requestEvent<LoadEvent>({
        api: fake.api,
        user: makeUser(),
        url: 'http://app.test/notifications',
      }),
    );

    expect(data).toMatchObject({
      notifications,
      unreadCount: 3,
      nextCursor: 'next-page',
      unreadOnly: false,
      isFirstPage: true,
    });
  });

  it('refuses to mark read without an id, and asks the API nothing', async () => {
    const fake = fakeApi({});
    const result = await action('read')(
      requestEvent<ActionEvent>({
        api: fake.api,
        user: makeUser(),
        url: 'http://app.test/notifications',
        form: new FormData(),
      }),
    );

    expect(result).toMatchObject({
      status: 400,
      data: { form: 'read', message: 'Choose a notification.' },
    });
    expect(fake.calls).toEqual([]);
  });

  it('marks all read, and one by id', async () => {
    const fake = fakeApi({
      'POST /api/notifications/read': () => jsonResponse(200, { unreadCount: 0 }),
    });
    const event = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      return requestEvent<ActionEvent>({
        api: fake.api,
        user: makeUser(),
        url: 'http://app.test/notifications',
        form,
      });
    };

    await expect(action('readAll')(event({}))).resolves.toEqual({ form: 'read', unreadCount: 0 });
    await expect(action('read')(event({ id: 'n1' }))).resolves.toEqual({
      form: 'read',
      unreadCount: 0,
    });
    expect(fake.calls.map((call) => call.body)).toEqual([{ all: true }, { ids: ['n1'] }]);
  });
});
