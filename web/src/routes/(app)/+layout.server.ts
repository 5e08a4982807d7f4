import { requireUser } from '$lib/server/access';
import { optional } from '$lib/server/load-failure';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const user = requireUser(event);
  // The header's bell can do without its number: a failed count shows none rather than no page.
  const unread = await optional(event.locals.api.unreadNotificationCount());
  return { user, unreadCount: unread.value ?? null };
};
