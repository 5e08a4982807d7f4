// The search page's facets: each value with its count, whether it is in force, and the address
// that toggles it, so filtering is a plain link that works without JavaScript.
import { PRIORITIES } from '$lib/api/types';
import { SEARCH_STATUSES, SEARCH_TYPES, type FacetName, type SearchResult } from '$lib/api/types';
import { facetValueLabel } from './labels';
import { isSelected, isSingleValued, searchHref, toggleFacet, type SearchState } from './query';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** The search with this value toggled. */
  href: string;
}

/** Facets with a natural order keep it; the others list the most frequent first. */
const CANONICAL: Partial<Record<FacetName, readonly string[]>> = {
  type: SEARCH_TYPES,
  status: SEARCH_STATUSES,
  priority: PRIORITIES,
};

function selectedValues(state: SearchState, facet: FacetName): string[] {
  if (isSingleValued(facet)) return state[facet] ? [state[facet]] : [];
  return state[facet] as string[];
}

/**
 * The values of one facet: those the API counted, plus any in force that it did not count (a
 * filter from a shared link must stay visible so it can be taken off).
 */
export function facetValues(
  result: Pick<SearchResult, 'facets'> | null,
  state: SearchState,
  facet: FacetName,
): FacetValue[] {
  const counts = { ...(result?.facets[facet] ?? {}) };
  for (const value of selectedValues(state, facet)) counts[value] ??= 0;
  const order = CANONICAL[facet];
  const entries = Object.entries(counts).sort(([a, countA], [b, countB]) =>
    order
      ? order.indexOf(a) - order.indexOf(b)
      : countB - countA || a.localeCompare(b, 'en', { sensitivity: 'base' }),
  );
  return entries.map(([value, count]) => ({
    value,
    label: facetValueLabel(facet, value),
    count,
    selected: isSelected(state, facet, value),
    href: searchHref(toggleFacet(state, facet, value)),
  }));
}
