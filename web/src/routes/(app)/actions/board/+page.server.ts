import { fail, redirect } from '@sveltejs/kit';
import { BOARD_COLUMNS } from '$lib/actions/board';
import { ACTION_STATUSES, type ActionStatus } from '$lib/api/types';
import { apiQueryOf, filtersFromParams, filtersSearch, NO_FILTERS } from '$lib/actions/filters';
import { canCreate } from '$lib/actions/permissions';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

/** Cards per column; finished columns show the most recently finished. */
const PER_COLUMN = 100;
const FINISHED_PER_COLUMN = 30;

/** The board narrows by who, how urgent and which briefing; its columns are the statuses. */
function boardFilters(url: URL) {
  const all = filtersFromParams(url.searchParams);
  return {
    ...NO_FILTERS,
    owner: all.owner,
    priority: all.priority,
    briefing: all.briefing,
    tag: all.tag,
  };
}

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { api } = event.locals;
  const filters = boardFilters(event.url);
  const columns = await Promise.all(
    BOARD_COLUMNS.map((status) => {
      const finished = status === 'done' || status === 'cancelled';
      return api.listActions({
        ...apiQueryOf(filters, user.id, finished ? FINISHED_PER_COLUMN : PER_COLUMN),
        status: [status],
        sort: finished ? 'updated' : 'priority',
      });
    }),
  ).catch((cause: unknown) => errorPageFromApi(cause));
  const people = await optional(api.mentionable(''));
  return {
    actions: columns.flat(),
    filters,
    people: people.value ?? [],
    viewer: { id: user.id, role: user.role },
    canCreate: canCreate(user),
    loadedAt: Date.now(),
  };
};

export const actions: Actions = {
  /** Without JavaScript: each card's "Move to" form. */
  status: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const actionId = textField(form, 'actionId');
    const status = textField(form, 'status');
    if (!actionId || !(ACTION_STATUSES as readonly string[]).includes(status)) {
      return fail(400, { actionId, message: 'Choose an action and where to move it.' });
    }
    try {
      await event.locals.api.updateAction(actionId, { status: status as ActionStatus });
    } catch (cause) {
      return failFromApi(cause, { actionId });
    }
    redirect(303, `/actions/board${filtersSearch(boardFilters(event.url))}#card-${actionId}`);
  },
};
