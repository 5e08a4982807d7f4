import {
  decisionApiQuery,
  decisionFiltersFromParams,
  decisionFiltersToParams,
  matchesDecisionFilters,
} from '$lib/actions/decision-filters';
import { todayIso } from '$lib/actions/my-actions';
import { canCreate } from '$lib/actions/permissions';
import { requireUser } from '$lib/server/access';
import { optional } from '$lib/server/load-failure';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const filters = decisionFiltersFromParams(event.url.searchParams);
  const [list, briefingFilters] = await Promise.all([
    optional(event.locals.api.listDecisions({ ...decisionApiQuery(filters), limit: 200 })),
    optional(event.locals.api.briefingFilters()),
  ]);
  const all = list.value ?? [];
  // Everyone who has decided something, for the "decided by" filter.
  const deciders = new Map<string, string>();
  for (const decision of all) {
    if (decision.decidedBy) deciders.set(decision.decidedBy.id, decision.decidedBy.displayName);
  }
  if (filters.decidedBy && !deciders.has(filters.decidedBy)) {
    deciders.set(filters.decidedBy, 'The person in the link');
  }
  return {
    filters,
    filtered: decisionFiltersToParams(filters).size > 0,
    decisions: all.filter((decision) => matchesDecisionFilters(decision, filters)),
    listProblem: list.problem,
    deciders: [...deciders].sort((a, b) => a[1].localeCompare(b[1])),
    tags: (briefingFilters.value?.tags ?? []).map((tag) => tag.name),
    today: todayIso(Date.now()),
    canPropose: canCreate(user),
  };
};
