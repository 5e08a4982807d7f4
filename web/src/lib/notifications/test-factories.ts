// Notifications of every kind the API sends, as `GET /api/notifications` returns them.
import type { Notification, NotificationKind } from '$lib/api/types';
import { makeNotification } from '$lib/testing/factories';

/** A reminder or alert: no thread, comment or actor, as docs/api-actions.md describes. */
function subjectless(kind: NotificationKind, overrides: Partial<Notification>): Notification {
  return makeNotification({
    kind,
    thread: null,
    commentId: null,
    actor: null,
    action: null,
    decision: null,
    savedSearch: null,
    ...overrides,
  });
}

export function makeActionReminder(
  kind: 'action.due_soon' | 'action.overdue',
  action: Partial<NonNullable<Notification['action']>> = {},
  overrides: Partial<Notification> = {},
): Notification {
  return subjectless(kind, {
    id: 'f1a2c3d4-0000-4000-8000-000000000011',
    action: {
      id: 'aa000000-0000-4000-8000-000000000001',
      title: 'Confirm the grid connection date',
      dueOn: '2026-06-01',
      status: 'open',
      ...action,
    },
    ...overrides,
  });
}

export function makeReviewReminder(
  decision: Partial<NonNullable<Notification['decision']>> = {},
  overrides: Partial<Notification> = {},
): Notification {
  return subjectless('decision.review_due', {
    id: 'f1a2c3d4-0000-4000-8000-000000000012',
    decision: {
      id: 'dd000000-0000-4000-8000-000000000001',
      title: 'Site the next cluster where the grid can take it',
      reviewBy: '2026-05-31',
      ...decision,
    },
    ...overrides,
  });
}

export function makeSavedSearchAlert(
  savedSearch: Partial<NonNullable<Notification['savedSearch']>> = {},
  overrides: Partial<Notification> = {},
): Notification {
  return subjectless('saved_search', {
    id: 'f1a2c3d4-0000-4000-8000-000000000013',
    savedSearch: {
      id: '55000000-0000-4000-8000-000000000001',
      name: 'Grid power',
      query: 'grid power & cooling',
      filters: {},
      newHits: 3,
      ...savedSearch,
    },
    ...overrides,
  });
}

/** A kind this web app does not know yet, as a newer API might send it. */
export function makeFutureNotification(overrides: Partial<Notification> = {}): Notification {
  return subjectless('poll.closed' as NotificationKind, {
    id: 'f1a2c3d4-0000-4000-8000-000000000014',
    ...overrides,
  });
}
