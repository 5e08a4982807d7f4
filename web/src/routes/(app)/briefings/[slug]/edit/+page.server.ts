import { fail, redirect } from '@sveltejs/kit';
import { failFromApi } from '$lib/server/action-failure';
import { requireEditor } from '$lib/server/access';
import {
  detailsPatch,
  detailsProblem,
  detailsValuesOf,
  readDetails,
} from '$lib/server/briefing-form';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireEditor(event);
  const [{ briefing }, groups] = await Promise.all([
    event.parent(),
    optional(event.locals.api.listGroups()),
  ]);
  return { values: detailsValuesOf(briefing), groups: groups.value, groupsProblem: groups.problem };
};

export const actions: Actions = {
  default: async (event) => {
    requireEditor(event);
    const values = readDetails(await event.request.formData());
    const problem = detailsProblem(values);
    if (problem) return fail(400, { values, message: problem });

    const current = await event.locals.api
      .getBriefing(event.params.slug)
      .catch((cause: unknown) => errorPageFromApi(cause));
    const patch = detailsPatch(values, current);
    if (Object.keys(patch).length === 0) {
      redirect(303, `/briefings/${encodeURIComponent(current.slug)}?notice=unchanged`);
    }

    let updated;
    try {
      updated = await event.locals.api.updateBriefing(current.id, patch);
    } catch (cause) {
      return failFromApi(cause, { values });
    }
    // A new title or date gives the briefing a new address.
    redirect(303, `/briefings/${encodeURIComponent(updated.slug)}?notice=saved`);
  },
};
