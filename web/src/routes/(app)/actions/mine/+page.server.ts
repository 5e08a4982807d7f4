import { redirect } from '@sveltejs/kit';
import { todayIso } from '$lib/actions/my-actions';
import { followUpNotice } from '$lib/actions/notices';
import { canCreate } from '$lib/actions/permissions';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

/** More than anyone should own at once; the rest is on the full list. */
const LIMIT = 200;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const actions = await event.locals.api
    .listActions({
      ownerId: user.id,
      status: ['open', 'in_progress', 'blocked'],
      sort: 'due',
      limit: LIMIT,
    })
    .catch((cause: unknown) => errorPageFromApi(cause));
  return {
    /** Grouped by due date on the page, which keeps them current live. */
    actions,
    today: todayIso(Date.now()),
    viewerId: user.id,
    total: actions.length,
    truncated: actions.length === LIMIT,
    canCreate: canCreate(user),
    notice: followUpNotice(event.url),
  };
};

export const actions: Actions = {
  /** A new secret address (the old one stops working), shown once. */
  createFeed: async (event) => {
    requireUser(event);
    try {
      const path = await event.locals.api.rotateCalendarFeed();
      return { form: 'feed' as const, feedUrl: new URL(path, event.url.origin).href };
    } catch (cause) {
      return failFromApi(cause, { form: 'feed' as const });
    }
  },

  revokeFeed: async (event) => {
    requireUser(event);
    try {
      await event.locals.api.revokeCalendarFeed();
    } catch (cause) {
      return failFromApi(cause, { form: 'feed' as const });
    }
    redirect(303, '/actions/mine?notice=feed-revoked');
  },
};
