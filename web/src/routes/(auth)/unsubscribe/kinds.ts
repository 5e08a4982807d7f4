import type { Unsubscribed } from '$lib/api/types';

/** What each unsubscribe link turns off, in the words the page uses. */
export const UNSUBSCRIBE_LABELS: Record<Unsubscribed['kind'], string> = {
  mention: 'e-mails when someone mentions you',
  reply: 'e-mails when someone replies to you',
  activity: 'e-mails about threads you follow',
  decision: 'e-mails about decisions in threads you follow',
  'action.assigned': 'e-mails when an action item is assigned to you',
  all: 'all notification e-mails',
};
