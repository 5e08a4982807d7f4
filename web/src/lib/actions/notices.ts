// Confirmations shown after a redirect on the action and decision pages (`?notice=created`). Only
// known codes are shown, so a crafted link cannot put words of its author's choosing on the page.
export const FOLLOW_UP_NOTICES = {
  created: 'Action created.',
  saved: 'Changes saved.',
  unchanged: 'Nothing to save: everything was already as entered.',
  moved: 'Status changed.',
  watching:
    'You are watching this action: you will hear when its status, owner or due date changes.',
  unwatched: 'You stopped watching this action.',
  proposed: 'Decision proposed. An editor can accept or reject it.',
  decided: 'Decision updated.',
  stance: 'Your stance is recorded. You can change it until the proposal closes.',
  'stance-withdrawn': 'Your stance was withdrawn.',
  superseded: 'The new decision is accepted and the old one is marked superseded.',
  'feed-created': 'New calendar address made. Any earlier address has stopped working.',
  'feed-revoked': 'Calendar feed turned off. Its address no longer works.',
} as const;

export type FollowUpNotice = keyof typeof FOLLOW_UP_NOTICES;

export function followUpNotice(url: URL): string | null {
  const code = url.searchParams.get('notice');
  return code !== null && Object.hasOwn(FOLLOW_UP_NOTICES, code)
    ? FOLLOW_UP_NOTICES[code as FollowUpNotice]
    : null;
}
