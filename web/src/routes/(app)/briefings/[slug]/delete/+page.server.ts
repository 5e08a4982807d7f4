import { redirect } from '@sveltejs/kit';
import { failFromApi } from '$lib/server/action-failure';
import { requireEditor } from '$lib/server/access';
import { errorPageFromApi } from '$lib/server/load-failure';
import { deletionLossOf } from './deletion-loss';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireEditor(event);
  const { briefing } = await event.parent();
  return { loss: deletionLossOf(briefing) };
};

export const actions: Actions = {
  default: async (event) => {
    requireEditor(event);
    const briefing = await event.locals.api
      .getBriefing(event.params.slug)
      .catch((cause: unknown) => errorPageFromApi(cause));
    try {
      await event.locals.api.deleteBriefing(briefing.id);
    } catch (cause) {
      return failFromApi(cause, {});
    }
    redirect(303, '/briefings?notice=deleted');
  },
};
