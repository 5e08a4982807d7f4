// What a notification says and where it leads, for every kind the API sends: the notifications
// page and the bell both read it from here. A kind this code does not know yet (a newer API) gets
// a generic line built from whatever subject it carries, never an error.
import { addDays, todayIso } from '$lib/actions/my-actions';
import { formatDate } from '$lib/dates';
import type { Notification } from '$lib/api/types';

/** Which picture goes next to the label. */
export type NotificationIcon =
  'mention' | 'reply' | 'comment' | 'due' | 'overdue' | 'review' | 'search' | 'bell';

/** A stretch of the sentence: the actor is emphasised, the subject is the link. */
export interface SentencePart {
  text: string;
  role?: 'actor' | 'subject';
}

export interface NotificationDescription {
  /** Short heading, e.g. "Mentioned you", "Overdue". */
  label: string;
  icon: NotificationIcon;
  /** Colours the label: `urgent` for what is late. */
  tone: 'people' | 'reminder' | 'urgent' | 'alert' | 'neutral';
  /** The whole sentence, split so the subject can be the link. */
  parts: SentencePart[];
  /** The sentence as plain text, e.g. for a screen-reader announcement. */
  text: string;
  /** The subject's name alone (for "Mark read: …"). */
  subject: string;
  /** Where it leads in this app; null when it names nothing that can be opened. */
  href: string | null;
}

type Draft = Omit<NotificationDescription, 'text'>;

const CLOSED_ACTION_STATUSES: Record<string, string> = {
  done: 'now done',
  cancelled: 'now cancelled',
};

/** `now` decides "today" and "tomorrow" (UTC, the calendar the pages show dates in). */
export function describeNotification(
  notification: Notification,
  now: number = Date.now(),
): NotificationDescription {
  const draft = describeKind(notification, todayIso(now));
  return { ...draft, text: draft.parts.map((part) => part.text).join('') };
}

function describeKind(notification: Notification, today: string): Draft {
  switch (notification.kind) {
    case 'mention':
      return threadLine(notification, 'Mentioned you', 'mention', 'mentioned you in');
    case 'reply':
      return threadLine(notification, 'Replied to you', 'reply', 'replied to you in');
    case 'activity':
      return threadLine(notification, 'New comment', 'comment', 'commented in');
    case 'action.due_soon':
      return dueSoonLine(notification, today);
    case 'action.overdue':
      return overdueLine(notification);
    case 'action.changed':
      return actionChangedLine(notification);
    case 'decision.review_due':
      return reviewDueLine(notification);
    case 'saved_search':
      return savedSearchLine(notification);
    default:
      return genericLine(notification);
  }
}

function threadLine(
  notification: Notification,
  label: string,
  icon: NotificationIcon,
  verb: string,
): Draft {
  const who = notification.actor?.displayName ?? 'Someone';
  const { thread } = notification;
  if (!thread) {
    return {
      label,
      icon,
      tone: 'people',
      parts: [{ text: who, role: 'actor' }, { text: ` ${verb} a discussion` }],
      subject: 'a discussion',
      href: null,
    };
  }
  const anchor = notification.commentId
    ? `#comment-${encodeURIComponent(notification.commentId)}`
    : '';
  return {
    label,
    icon,
    tone: 'people',
    parts: [{ text: who, role: 'actor' }, { text: ` ${verb} ` }, ...quoted(thread.title)],
    subject: thread.title,
    href: `/threads/${encodeURIComponent(thread.id)}${anchor}`,
  };
}

function dueSoonLine(notification: Notification, today: string): Draft {
  const { action } = notification;
  const base = { label: 'Due soon', icon: 'due', tone: 'reminder' } as const;
  if (!action) return { ...base, ...missingSubject('An action of yours is due soon') };
  let when = 'is due soon';
  if (action.dueOn) {
    const date = formatDate(action.dueOn);
    if (action.dueOn === today) when = `is due today (${date})`;
    else if (action.dueOn === addDays(today, 1)) when = `is due tomorrow (${date})`;
    else if (action.dueOn < today) when = `was due ${date}`;
    else when = `is due ${date}`;
  }
  return {
    ...base,
    parts: [...quoted(action.title), { text: ` ${when}${closedNote(action.status)}` }],
    subject: action.title,
    href: actionHref(action.id),
  };
}

function overdueLine(notification: Notification): Draft {
  const { action } = notification;
  const base = { label: 'Overdue', icon: 'overdue', tone: 'urgent' } as const;
  if (!action) return { ...base, ...missingSubject('An action of yours is overdue') };
  const due = action.dueOn ? ` (due ${formatDate(action.dueOn)})` : '';
  return {
    ...base,
    parts: [...quoted(action.title), { text: ` is overdue${due}${closedNote(action.status)}` }],
    subject: action.title,
    href: actionHref(action.id),
  };
}

/** Someone changed the status, owner or due date of an action the reader owns or watches. */
function actionChangedLine(notification: Notification): Draft {
  const { action } = notification;
  const base = { label: 'Action changed', icon: 'bell', tone: 'people' } as const;
  const who = notification.actor?.displayName ?? 'Someone';
  if (!action) return { ...base, ...missingSubject(`${who} changed an action you follow`) };
  return {
    ...base,
    parts: [{ text: who, role: 'actor' }, { text: ' changed ' }, ...quoted(action.title)],
    subject: action.title,
    href: actionHref(action.id),
  };
}

function reviewDueLine(notification: Notification): Draft {
  const { decision } = notification;
  const base = { label: 'Review due', icon: 'review', tone: 'reminder' } as const;
  if (!decision) return { ...base, ...missingSubject('A decision is due for review') };
  const by = decision.reviewBy ? ` (review by ${formatDate(decision.reviewBy)})` : '';
  return {
    ...base,
    parts: [{ text: 'Review due: ' }, ...quoted(decision.title), { text: by }],
    subject: decision.title,
    href: `/decisions/${encodeURIComponent(decision.id)}`,
  };
}

function savedSearchLine(notification: Notification): Draft {
  const { savedSearch } = notification;
  const base = { label: 'Saved search', icon: 'search', tone: 'alert' } as const;
  if (!savedSearch) return { ...base, ...missingSubject('New results for a saved search') };
  const hits = savedSearch.newHits;
  const count =
    Number.isInteger(hits) && hits > 0
      ? `${hits} new ${hits === 1 ? 'result' : 'results'}`
      : 'New results';
  return {
    ...base,
    parts: [{ text: `${count} for your saved search ` }, ...quoted(savedSearch.name)],
    subject: savedSearch.name,
    href: searchHref(savedSearch.query, savedSearch.filters),
  };
}

/** A kind from a newer API: say something true about whatever it points at. */
function genericLine(notification: Notification): Draft {
  const base = { label: 'Notification', icon: 'bell', tone: 'neutral' } as const;
  const { thread, action, decision, savedSearch } = notification;
  const subject = thread
    ? { title: thread.title, href: `/threads/${encodeURIComponent(thread.id)}` }
    : action
      ? { title: action.title, href: actionHref(action.id) }
      : decision
        ? { title: decision.title, href: `/decisions/${encodeURIComponent(decision.id)}` }
        : savedSearch
          ? { title: savedSearch.name, href: searchHref(savedSearch.query) }
          : null;
  if (!subject) return { ...base, ...missingSubject('You have a new notification') };
  const actor = notification.actor
    ? [{ text: notification.actor.displayName, role: 'actor' as const }, { text: ' · ' }]
    : [];
  return {
    ...base,
    parts: [...actor, { text: 'Update on ' }, ...quoted(subject.title)],
    subject: subject.title,
    href: subject.href,
  };
}

/** The subject was not sent (a kind without one, or a newer API's shape): a sentence, no link. */
function missingSubject(sentence: string): Pick<Draft, 'parts' | 'subject' | 'href'> {
  return { parts: [{ text: sentence }], subject: sentence, href: null };
}

function quoted(title: string): SentencePart[] {
  return [{ text: '“' }, { text: title, role: 'subject' }, { text: '”' }];
}

function closedNote(status: string): string {
  const note = CLOSED_ACTION_STATUSES[status];
  return note ? `, ${note}` : '';
}

function actionHref(id: string): string {
  return `/actions/${encodeURIComponent(id)}`;
}

/** The search page with the saved search's words (its filters are not in the notification). */
function searchHref(query: string, filters: Record<string, string> = {}): string {
  const params = Object.fromEntries(
    Object.entries(filters).filter(([, value]) => typeof value === 'string' && value !== ''),
  );
  return `/search?${new URLSearchParams({ q: query, ...params })}`;
}
