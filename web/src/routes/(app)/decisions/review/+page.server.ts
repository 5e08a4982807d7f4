import { todayIso } from '$lib/actions/my-actions';
import { canCreate } from '$lib/actions/permissions';
import { requireUser } from '$lib/server/access';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const decisions = await event.locals.api
    .listDecisions({ reviewDue: true })
    .catch((cause: unknown) => errorPageFromApi(cause));
  return { decisions, today: todayIso(Date.now()), canPropose: canCreate(user) };
};
