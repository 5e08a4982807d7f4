import { notificationMailModeValues } from '$lib/api/enums';
import type { NotificationMailKind, NotificationMailMode } from '$lib/api/types';

export const MAIL_MODES = notificationMailModeValues;

export const MAIL_KIND_LABELS: Record<NotificationMailKind, string> = {
  mention: 'Someone mentions you',
  reply: 'Someone replies to your comment',
  activity: 'News in threads you follow (batched)',
  decision: 'Decisions proposed or accepted in threads you follow',
  'action.assigned': 'An action item is assigned to you',
};

export const MAIL_MODE_LABELS: Record<NotificationMailMode, string> = {
  immediately: 'At once',
  digest: 'Daily digest',
  never: 'Never',
};
