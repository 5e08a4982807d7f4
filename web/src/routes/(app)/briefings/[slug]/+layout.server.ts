import { redirect } from '@sveltejs/kit';
import { canEditBriefings } from '$lib/roles';
import { requireUser } from '$lib/server/access';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { LayoutServerLoad } from './$types';

/** Restricted briefings answer 404 to people outside their groups, so this sentence covers both. */
const BRIEFING_NOT_FOUND = 'This briefing does not exist, or it is not shared with you.';

export const load: LayoutServerLoad = async (event) => {
  const user = requireUser(event);
  const { slug } = event.params;
  const briefing = await event.locals.api
    .getBriefing(slug)
    .catch((cause: unknown) => errorPageFromApi(cause, { 404: BRIEFING_NOT_FOUND }));

  // The API also finds a briefing by id; links and bookmarks should carry its readable address.
  if (briefing.slug && briefing.slug !== slug) {
    // "/briefings/<id>/edit" → ["", "briefings", "<id>", "edit"]: keep what follows the id.
    const rest = event.url.pathname.split('/').slice(3);
    const path = ['/briefings', encodeURIComponent(briefing.slug), ...rest].join('/');
    redirect(301, `${path}${event.url.search}`);
  }

  return { briefing, canEdit: canEditBriefings(user.role) };
};
