import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { realtimeContext } from '$lib/realtime/realtime';
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
    expect(
      screen.getByText('Mia Chen replied to you in “Where are your AI infra plans?”.'),
    ).toBeTruthy();
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
