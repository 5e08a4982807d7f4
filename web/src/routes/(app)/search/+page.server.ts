import { fail } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { answerForm } from '$lib/server/form-response';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { SearchResult } from '$lib/api/types';
import { apiQueryOf, filtersOf, searchStateFromParams } from '$lib/search/query';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const MAX_NAME_LENGTH = 120;

/** Why there are no results to show, when it is not that nothing matched. */
export type SearchProblem =
  { kind: 'unavailable'; message: string } | { kind: 'invalid'; message: string };

async function runSearch(
  call: Promise<SearchResult>,
): Promise<{ result: SearchResult | null; problem: SearchProblem | null }> {
  try {
    return { result: await call, problem: null };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    // Meilisearch down (503), or the API itself unreachable or too slow: the rest of the app works.
    if (cause.status === 503 || cause.status === 504) {
      return { result: null, problem: { kind: 'unavailable', message: cause.message } };
    }
    if (cause.status === 400) {
      return { result: null, problem: { kind: 'invalid', message: cause.message } };
    }
    errorPageFromApi(cause);
  }
}

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const state = searchStateFromParams(event.url.searchParams);
  const [search, saved] = await Promise.all([
    runSearch(event.locals.api.search(apiQueryOf(state, PAGE_SIZE))),
    optional(event.locals.api.listSavedSearches()),
  ]);
  return {
    state,
    result: search.result,
    problem: search.problem,
    pageSize: PAGE_SIZE,
    savedSearches: saved.value ?? [],
  };
};

export const actions: Actions = {
  /** Saves the search in the hidden `search` field (its query string) under a name. */
  save: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const name = textField(form, 'name');
    const alert = form.get('alert') === 'on';
    const state = searchStateFromParams(new URLSearchParams(textField(form, 'search')));
    if (!name) {
      return fail(400, { form: 'save', name, alert, message: 'Give the search a name.' });
    }
    if (name.length > MAX_NAME_LENGTH) {
      return fail(400, {
        form: 'save',
        name,
        alert,
        message: `Keep the name under ${MAX_NAME_LENGTH} characters.`,
      });
    }
    try {
      const saved = await event.locals.api.saveSearch({
        name,
        query: state.q,
        filters: filtersOf(state),
        alert,
      });
      return answerForm(
        event,
        { form: 'save', saved: { id: saved.id, name: saved.name, alert: saved.alert } },
        `/search/saved?created=${encodeURIComponent(saved.id)}`,
      );
    } catch (cause) {
      return failFromApi(cause, { form: 'save', name, alert });
    }
  },
};
