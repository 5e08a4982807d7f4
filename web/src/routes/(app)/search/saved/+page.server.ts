import { fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { answerForm } from '$lib/server/form-response';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const savedSearches = await event.locals.api
    .listSavedSearches()
    .catch((cause: unknown) => errorPageFromApi(cause));
  // `?created=<id>` after saving without JavaScript: the confirmation names the stored search, so a
  // crafted link cannot make the page say anything else.
  const created = event.url.searchParams.get('created');
  const deleted = event.url.searchParams.get('deleted') === '1';
  return {
    savedSearches,
    created: savedSearches.find((saved) => saved.id === created) ?? null,
    deleted,
  };
};

export const actions: Actions = {
  delete: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    if (!id) return fail(400, { id, message: 'Choose a saved search to delete.' });
    try {
      await event.locals.api.deleteSavedSearch(id);
    } catch (cause) {
      return failFromApi(cause, { id });
    }
    return answerForm(event, { id, deleted: true }, '/search/saved?deleted=1');
  },
};
