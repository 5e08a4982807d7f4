import { fail, redirect } from '@sveltejs/kit';
import { noticeFrom } from '$lib/notices';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const groups = await event.locals.api
    .listGroups()
    .catch((cause: unknown) => errorPageFromApi(cause));
  return {
    groups: [...groups].sort((a, b) => a.name.localeCompare(b.name)),
    notice: noticeFrom(event.url),
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireAdmin(event);
    const name = textField(await event.request.formData(), 'name');
    if (!name) return fail(400, { name, message: 'Give the group a name.' });
    let id: string;
    try {
      ({ id } = await event.locals.api.createGroup(name));
    } catch (cause) {
      return failFromApi(cause, { name });
    }
    // Straight on to choosing its members.
    redirect(303, `/admin/groups/${encodeURIComponent(id)}?notice=group-created`);
  },
};
