// The search page's query and filters as URL parameters, so every search is a shareable address
// that works without JavaScript. Unknown or malformed values are dropped rather than sent on to the
// API, defaults stay out of the URL, and any change of filter starts again at the first page.
import { isIsoDate } from '$lib/actions/filters';
import { isUuid } from '$lib/uuid';
import { PRIORITIES, type Priority } from '$lib/api/types';
import {
  SEARCH_STATUSES,
  SEARCH_TYPES,
  type FacetName,
  type SavedSearch,
  type SearchFilters,
  type SearchQuery,
  type SearchStatus,
  type SearchType,
} from '$lib/api/types';

export const MAX_QUERY_LENGTH = 512;
/** The API pages up to offset 1000. */
export const MAX_OFFSET = 1000;
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 100;
/** A series or section name, as the API takes it. */
const MAX_NAME_LENGTH = 200;

export interface SearchState {
  q: string;
  type: SearchType[];
  tags: string[];
  status: SearchStatus[];
  /** One briefing series, exactly; '' for any. */
  series: string;
  /** One briefing section heading, exactly; '' for any. */
  section: string;
  priority: Priority[];
  from: string;
  to: string;
  /** Actions due within (inclusive); '' for open-ended. */
  dueFrom: string;
  dueTo: string;
  /** Narrowings the page has no controls for, kept so saved searches and shared links survive. */
  ownerId: string;
  authorId: string;
  briefingId: string;
  offset: number;
}

export const EMPTY_SEARCH: SearchState = {
  q: '',
  type: [],
  tags: [],
  status: [],
  series: '',
  section: '',
  priority: [],
  from: '',
  to: '',
  dueFrom: '',
  dueTo: '',
  ownerId: '',
  authorId: '',
  briefingId: '',
  offset: 0,
};

/** Every value of a parameter that may be repeated or comma-listed, trimmed, each once. */
function listOf(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return [...new Set(values)];
}

/** Known values only, in their canonical order. */
function known<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

function param(params: URLSearchParams, name: string): string {
  return params.get(name)?.trim() ?? '';
}

/**
 * Reads `?q=…&type=item,comment&tags=ai&status=open&series=…&section=…&priority=high&from=…&to=…
 * &dueFrom=…&dueTo=…&offset=20`.
 */
export function searchStateFromParams(params: URLSearchParams): SearchState {
  const date = (name: string) => {
    const value = param(params, name);
    return isIsoDate(value) ? value : '';
  };
  const uuid = (name: string) => {
    const value = param(params, name);
    return isUuid(value) ? value : '';
  };
  const offset = Number(param(params, 'offset'));
  const series = param(params, 'series');
  const section = param(params, 'section');
  return {
    q: (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
    type: known(SEARCH_TYPES, listOf(params, 'type')),
    tags: listOf(params, 'tags')
      .filter((tag) => tag.length <= MAX_TAG_LENGTH)
      .slice(0, MAX_TAGS),
    status: known(SEARCH_STATUSES, listOf(params, 'status')),
    series: series.length <= MAX_NAME_LENGTH ? series : '',
    section: section.length <= MAX_NAME_LENGTH ? section : '',
    priority: known(PRIORITIES, listOf(params, 'priority')),
    from: date('from'),
    to: date('to'),
    dueFrom: date('dueFrom'),
    dueTo: date('dueTo'),
    ownerId: uuid('ownerId'),
    authorId: uuid('authorId'),
    briefingId: uuid('briefingId'),
    offset: Number.isInteger(offset) && offset > 0 && offset <= MAX_OFFSET ? offset : 0,
  };
}

/** The filters of `state` in the API's shape (lists comma-joined), leaving out the empty ones. */
export function filtersOf(state: SearchState): SearchFilters {
  const filters: SearchFilters = {};
  if (state.type.length > 0) filters.type = state.type.join(',');
  if (state.tags.length > 0) filters.tags = state.tags.join(',');
  if (state.status.length > 0) filters.status = state.status.join(',');
  if (state.series) filters.series = state.series;
  if (state.section) filters.section = state.section;
  if (state.priority.length > 0) filters.priority = state.priority.join(',');
  if (state.ownerId) filters.ownerId = state.ownerId;
  if (state.authorId) filters.authorId = state.authorId;
  if (state.briefingId) filters.briefingId = state.briefingId;
  if (state.from) filters.from = state.from;
  if (state.to) filters.to = state.to;
  if (state.dueFrom) filters.dueFrom = state.dueFrom;
  if (state.dueTo) filters.dueTo = state.dueTo;
  return filters;
}

/** The URL parameters of `state`: the API's own names, so a page address reads like the API call. */
export function searchStateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const [name, value] of Object.entries(filtersOf(state))) params.set(name, value);
  if (state.offset > 0) params.set('offset', String(state.offset));
  return params;
}

/** `/search?…` for `state`. */
export function searchHref(state: SearchState): string {
  const text = searchStateToParams(state).toString();
  return text ? `/search?${text}` : '/search';
}

/** The API query for one page of `state`. */
export function apiQueryOf(state: SearchState, limit: number): SearchQuery {
  return {
    q: state.q || undefined,
    ...filtersOf(state),
    limit,
    offset: state.offset || undefined,
  };
}

/** True when anything but the words narrows the search. */
export function isFiltered(state: SearchState): boolean {
  return Object.keys(filtersOf(state)).length > 0;
}

/** The same words with no filters. */
export function withoutFilters(state: SearchState): SearchState {
  return { ...EMPTY_SEARCH, q: state.q };
}

/** Facets that hold one value at a time (choosing another replaces it). */
export function isSingleValued(facet: FacetName): facet is 'series' | 'section' {
  return facet === 'series' || facet === 'section';
}

export function isSelected(state: SearchState, facet: FacetName, value: string): boolean {
  if (isSingleValued(facet)) return state[facet] === value;
  return (state[facet] as string[]).includes(value);
}

/** Adds or removes one facet value (a series or section replaces the one chosen), back on page one. */
export function toggleFacet(state: SearchState, facet: FacetName, value: string): SearchState {
  const next: SearchState = { ...state, offset: 0 };
  if (isSingleValued(facet)) {
    next[facet] = state[facet] === value ? '' : value;
    return next;
  }
  const current = state[facet] as string[];
  const values = current.includes(value)
    ? current.filter((existing) => existing !== value)
    : [...current, value];
  // Through the reader again: known values only, in canonical order.
  const reread = searchStateFromParams(new URLSearchParams({ [facet]: values.join(',') }));
  return { ...next, [facet]: reread[facet] };
}

/** The state at another offset, within what the API pages. */
export function atOffset(state: SearchState, offset: number): SearchState {
  return { ...state, offset: Math.min(Math.max(0, offset), MAX_OFFSET) };
}

/** The search a saved search stands for, read through the same rules as a URL. */
export function stateOfSaved(saved: Pick<SavedSearch, 'query' | 'filters'>): SearchState {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(saved.filters ?? {})) {
    if (typeof value === 'string' && value !== '') params.set(name, value);
  }
  params.set('q', saved.query);
  return searchStateFromParams(params);
}
