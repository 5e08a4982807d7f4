// Addresses of the notifications page's views, without defaults.

/** The query string (no "?") for the unread-only view and a page cursor. */
export function notificationsQuery(unreadOnly: boolean, cursor: string | null = null): string {
  const search = new URLSearchParams();
  if (unreadOnly) search.set('show', 'unread');
  if (cursor) search.set('cursor', cursor);
  return search.toString();
}
