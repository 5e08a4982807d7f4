import { apiQueryOf, exportHref, filtersFromParams, isFiltered } from '$lib/actions/filters';
import { canCreate } from '$lib/actions/permissions';
import { requireUser } from '$lib/server/access';
import { optional } from '$lib/server/load-failure';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { api } = event.locals;
  const filters = filtersFromParams(event.url.searchParams);

  // The list's own refusal (a filter the API does not take) is said on the page, next to the
  // filters that caused it; the pickers can do without their suggestions.
  const [list, people, briefings, briefingFilters] = await Promise.all([
    optional(api.listActions(apiQueryOf(filters, user.id, PAGE_SIZE))),
    optional(api.mentionable('')),
    optional(api.listBriefings({ limit: 50 })),
    optional(api.briefingFilters()),
  ]);
  const actions = list.value ?? [];

  return {
    filters,
    actions,
    listProblem: list.problem,
    filtered: isFiltered(filters),
    // A full page means there may be more; an empty next page says so politely.
    hasNextPage: actions.length === PAGE_SIZE,
    exportHref: exportHref(filters, user.id),
    people: people.value ?? [],
    briefings: (briefings.value?.briefings ?? []).map(({ id, title, publishedOn }) => ({
      id,
      title,
      publishedOn,
    })),
    tags: (briefingFilters.value?.tags ?? []).map((tag) => tag.name),
    canCreate: canCreate(user),
    viewerId: user.id,
  };
};
