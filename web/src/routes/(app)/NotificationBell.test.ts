import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { realtimeContext } from '$lib/realtime/realtime';
import type { Notification } from '$lib/api/types';
import {
  makeActionReminder,
  makeFutureNotification,
  makeReviewReminder,
  makeSavedSearchAlert,
} from '$lib/notifications/test-factories';
import { makeNotification } from '$lib/testing/factories';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import NotificationBell from './NotificationBell.svelte';

function setup(unreadCount: number | null) {
  const realtime = new FakeRealtime();
  const result = render(NotificationBell, {
    props: { unreadCount },
    context: realtimeContext(realtime),
  });
  const bell = () => screen.getByRole('link', { name: /^Notifications/ });
  return { realtime, bell, ...result };
}

describe('NotificationBell', () => {
  it('links to the notifications with the unread count from the server', () => {
    const { bell } = setup(3);

    expect(bell().getAttribute('href')).toBe('/notifications');
    expect(bell().getAttribute('aria-label')).toBe('Notifications, 3 unread');
    expect(bell().textContent?.trim()).toBe('3');
  });

  it('counts up live when a notification arrives, and announces who and where', async () => {
    const { realtime, bell } = setup(0);
    expect(bell().getAttribute('aria-label')).toBe('Notifications, none unread');

    realtime.serverSends('notification.created', {
      notification: makeNotification({ kind: 'reply' }),
      unreadCount: 1,
    });
    await tick();

    expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');
    // The sentences load with the first notification (not with every page): found, not got.
    expect(
      await screen.findByText('Mia Chen replied to you in “Where are your AI infra plans?”.'),
    ).toBeTruthy();
  });

  it.each([
    [
      'a due-soon reminder',
      makeActionReminder('action.due_soon', { dueOn: '2999-01-01' }),
      '“Confirm the grid connection date” is due 1 Jan 2999.',
    ],
    [
      'an overdue reminder',
      makeActionReminder('action.overdue', { dueOn: '2026-05-29' }),
      '“Confirm the grid connection date” is overdue (due 29 May 2026).',
    ],
    [
      'a review reminder',
      makeReviewReminder(),
      'Review due: “Site the next cluster where the grid can take it” (review by 31 May 2026).',
    ],
    [
      'a saved-search alert',
      makeSavedSearchAlert(),
      '3 new results for your saved search “Grid power”.',
    ],
    ['a kind it does not know yet', makeFutureNotification(), 'You have a new notification.'],
  ])('counts and announces %s (no thread)', async (_, notification, sentence) => {
    const { realtime, bell } = setup(4);

    realtime.serverSends('notification.created', { notification, unreadCount: 5 });
    await tick();

    expect(bell().getAttribute('aria-label')).toBe('Notifications, 5 unread');
    expect(await screen.findByText(sentence)).toBeTruthy();
  });

  it('announces the latest of two notifications that arrive together', async () => {
    const { realtime, bell } = setup(0);

    realtime.serverSends('notification.created', {
      notification: makeNotification({ kind: 'reply' }),
      unreadCount: 1,
    });
    realtime.serverSends('notification.created', {
      notification: makeNotification({ kind: 'mention' }),
      unreadCount: 2,
    });

    expect(
      await screen.findByText('Mia Chen mentioned you in “Where are your AI infra plans?”.'),
    ).toBeTruthy();
    expect(bell().getAttribute('aria-label')).toBe('Notifications, 2 unread');
    expect(screen.queryByText(/replied to you/)).toBeNull();
  });

  it('still counts a push that comes without its notification', async () => {
    const { realtime, bell } = setup(1);

    realtime.serverSends('notification.created', {
      notification: undefined as unknown as Notification,
      unreadCount: 2,
    });
    await tick();

    expect(bell().getAttribute('aria-label')).toBe('Notifications, 2 unread');
    expect(screen.getByText('New notification.')).toBeTruthy();
  });

  it('follows the count down when notifications are read elsewhere (another tab)', async () => {
    const { realtime, bell } = setup(5);

    realtime.serverSends('notification.read', { unreadCount: 0 });
    await tick();

    expect(bell().getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(bell().textContent?.trim()).toBe('');
  });

  it('caps the badge at 99+', () => {
    const { bell } = setup(140);

    expect(bell().textContent?.trim()).toBe('99+');
  });

  it('takes the server’s count again on the next page load', async () => {
    const { realtime, bell, rerender } = setup(2);
    realtime.serverSends('notification.created', {
      notification: makeNotification(),
      unreadCount: 3,
    });
    await tick();

    await rerender({ unreadCount: 0 });

    expect(bell().getAttribute('aria-label')).toBe('Notifications, none unread');
  });

  it('stops listening when it goes away', () => {
    const { realtime, unmount } = setup(0);
    expect(realtime.listenerCount('notification.created')).toBe(1);

    unmount();

    expect(realtime.listenerCount('notification.created')).toBe(0);
    expect(realtime.listenerCount('notification.read')).toBe(0);
  });
});
