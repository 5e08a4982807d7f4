import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Notification } from '$lib/api/types';
import {
  makeActionReminder,
  makeFutureNotification,
  makeReviewReminder,
  makeSavedSearchAlert,
} from '$lib/notifications/test-factories';
import { makeNotification, makeUser } from '$lib/testing/factories';
import NotificationsPage from './+page.svelte';

type Props = Parameters<typeof NotificationsPage>[1];

/** The day before the reminders' due date. */
const NOW = Date.UTC(2026, 4, 31, 9, 30);

function setup(notifications: Notification[], form: Props['form'] = null) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: {
      user: makeUser(),
      notifications,
      unreadCount: notifications.filter((n) => n.readAt === null).length,
      nextCursor: null,
      unreadOnly: false,
      isFirstPage: true,
      now: NOW,
    },
    form,
    params: {},
  } as unknown as Props;
  render(NotificationsPage, props);
  return screen.getAllByRole('listitem');
}

/** A row's sentence, as a reader sees it. */
const sentenceOf = (row: HTMLElement) => row.querySelector('.what')?.textContent?.trim();

describe('notifications page', () => {
  it('renders every kind with its label, sentence and link, in the order given', () => {
    const rows = setup([
      makeNotification({ kind: 'reply' }),
      makeActionReminder('action.due_soon'),
      makeActionReminder(
        'action.overdue',
        { id: 'aa000000-0000-4000-8000-000000000002' },
        { id: 'f1a2c3d4-0000-4000-8000-000000000021' },
      ),
      makeReviewReminder(),
      makeSavedSearchAlert(),
      makeFutureNotification(),
    ]);

    expect(rows.map((row) => row.querySelector('.kind-label')?.textContent?.trim())).toEqual([
      'Replied to you',
      'Due soon',
      'Overdue',
      'Review due',
      'Saved search',
      'Notification',
    ]);
    expect(rows.map(sentenceOf)).toEqual([
      'Mia Chen replied to you in “Where are your AI infra plans?”',
      '“Confirm the grid connection date” is due tomorrow (1 Jun 2026)',
      '“Confirm the grid connection date” is overdue (due 1 Jun 2026)',
      'Review due: “Site the next cluster where the grid can take it” (review by 31 May 2026)',
      '3 new results for your saved search “Grid power”',
      'You have a new notification',
    ]);
    const hrefs = rows.map((row) => row.querySelector('.what a')?.getAttribute('href') ?? null);
    expect(hrefs).toEqual([
      '/threads/e1a2c3d4-0000-4000-8000-000000000001#comment-c0000000-0000-4000-8000-000000000001',
      '/actions/aa000000-0000-4000-8000-000000000001',
      '/actions/aa000000-0000-4000-8000-000000000002',
      '/decisions/dd000000-0000-4000-8000-000000000001',
      '/search?q=grid+power+%26+cooling',
      null,
    ]);
    expect(
      rows.map((row) => row.querySelector('svg[data-icon]')?.getAttribute('data-icon')),
    ).toEqual(['reply', 'due', 'overdue', 'review', 'search', 'bell']);
  });

  it('links the subject by its name and emphasises who did it', () => {
    const [reply, alert] = setup([makeNotification({ kind: 'mention' }), makeSavedSearchAlert()]);

    expect(
      within(reply!).getByRole('link', { name: 'Where are your AI infra plans?' }),
    ).toBeTruthy();
    expect(reply!.querySelector('strong')?.textContent).toBe('Mia Chen');
    expect(within(alert!).getByRole('link', { name: 'Grid power' })).toBeTruthy();
    expect(alert!.querySelector('strong')).toBeNull();
  });

  it('offers "Mark read" as a POST form naming the subject, on unread rows only', () => {
    const [reminder, alert] = setup([
      makeActionReminder('action.overdue'),
      makeSavedSearchAlert({}, { readAt: '2026-05-31T08:00:00.000Z' }),
    ]);

    const button = within(reminder!).getByRole('button', {
      name: 'Mark read: Confirm the grid connection date',
    });
    const form = button.closest('form');
    expect(form?.getAttribute('method')).toBe('POST');
    expect(form?.getAttribute('action')).toBe('?/read');
    expect((form?.querySelector('input[name="id"]') as HTMLInputElement).value).toBe(
      'f1a2c3d4-0000-4000-8000-000000000011',
    );
    expect(reminder!.classList.contains('unread')).toBe(true);
    expect(within(alert!).queryByRole('button')).toBeNull();
    expect(alert!.classList.contains('unread')).toBe(false);
  });

  it('says when there is nothing, and shows a failed mark-read', () => {
    // Only the page data this test needs, hence the assertion to the page's props.
    const props = {
      data: {
        user: makeUser(),
        notifications: [],
        unreadCount: 0,
        nextCursor: null,
        unreadOnly: false,
        isFirstPage: true,
        now: NOW,
      },
      form: { form: 'read', message: 'The API is not answering.' },
      params: {},
    } as unknown as Props;
    render(NotificationsPage, props);

    expect(screen.getByText('No notifications yet')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The API is not answering.');
  });
});

describe('notifications page excerpts', () => {
  it('shows what the comment said under the sentence, and nothing for a notification without one', () => {
    const rows = setup([
      makeNotification({ kind: 'mention', excerpt: '@ann can you check the power numbers?' }),
      makeNotification({
        id: 'f1a2c3d4-0000-4000-8000-000000000099',
        kind: 'reply',
        excerpt: null,
      }),
    ]);
    expect(rows[0]?.querySelector('.excerpt')?.textContent?.trim()).toBe(
      '@ann can you check the power numbers?',
    );
    expect(rows[1]?.querySelector('.excerpt')).toBeNull();
  });
});
