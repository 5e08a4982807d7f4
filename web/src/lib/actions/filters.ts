// The action list's filters and sort as query parameters, so a filtered list is a shareable URL.
// Unknown or malformed values are dropped rather than sent on, and defaults stay out of the URL.
import {
  ACTION_STATUSES,
  PRIORITIES,
  type ActionListQuery,
  type ActionSort,
  type ActionStatus,
  type Priority,
} from '$lib/api/types';
import { actionQueryString } from '$lib/api/client';
import { isUuid } from '$lib/uuid';

export const SORTS: Record<ActionSort, string> = {
  due: 'Due date (soonest first)',
  priority: 'Priority (most urgent first)',
  updated: 'Recently updated',
  created: 'Recently created',
};

export const DEFAULT_SORT: ActionSort = 'due';

export interface ActionFilters {
  /** Empty: every status. */
  status: ActionStatus[];
  /** '' anyone, 'me' the viewer, or a user id. */
  owner: string;
  priority: Priority | null;
  dueFrom: string;
  dueTo: string;
  overdue: boolean;
  /** A briefing id: actions linked to it or to anything in it. */
  briefing: string;
  tag: string;
  sort: ActionSort;
  page: number;
}

export const NO_FILTERS: ActionFilters = {
  status: [],
  owner: '',
  priority: null,
  dueFrom: '',
  dueTo: '',
  overdue: false,
  briefing: '',
  tag: '',
  sort: DEFAULT_SORT,
  page: 1,
};

const MAX_PAGE = 10_000;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Reads `?status=open,blocked&status=done&owner=me&…` (a status may be repeated or comma-listed). */
export function filtersFromParams(params: URLSearchParams): ActionFilters {
  const statuses = params
    .getAll('status')
    .flatMap((value) => value.split(','))
    .map((value) => oneOf(ACTION_STATUSES, value.trim()))
    .filter((value): value is ActionStatus => value !== null);
  const owner = params.get('owner')?.trim() ?? '';
  const date = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return isIsoDate(value) ? value : '';
  };
  const briefing = params.get('briefing')?.trim() ?? '';
  const page = Number.parseInt(params.get('page') ?? '', 10);
  return {
    // In the order of the workflow, each once.
    status: ACTION_STATUSES.filter((status) => statuses.includes(status)),
    owner: owner === 'me' || isUuid(owner) ? owner : '',
    priority: oneOf(PRIORITIES, params.get('priority')),
    dueFrom: date('dueFrom'),
    dueTo: date('dueTo'),
    overdue: params.get('overdue') === 'true',
    briefing: isUuid(briefing) ? briefing : '',
    tag: (params.get('tag') ?? '').trim().slice(0, 100),
    sort: oneOf(Object.keys(SORTS) as ActionSort[], params.get('sort')) ?? DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** The query parameters of `filters`, leaving out defaults (statuses comma-listed). */
export function filtersToParams(filters: ActionFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length > 0) params.set('status', filters.status.join(','));
  if (filters.owner) params.set('owner', filters.owner);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.dueFrom) params.set('dueFrom', filters.dueFrom);
  if (filters.dueTo) params.set('dueTo', filters.dueTo);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.briefing) params.set('briefing', filters.briefing);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** `?…` for a link to the list with these filters, or '' when there are none. */
export function filtersSearch(filters: ActionFilters): string {
  const text = filtersToParams(filters).toString();
  return text ? `?${text}` : '';
}

/** The API query for `filters`; 'me' becomes the viewer's id. */
export function apiQueryOf(
  filters: ActionFilters,
  viewerId: string,
  limit: number,
): ActionListQuery {
  return {
    status: filters.status.length > 0 ? filters.status : undefined,
    ownerId: filters.owner === 'me' ? viewerId : filters.owner || undefined,
    priority: filters.priority ?? undefined,
    overdue: filters.overdue || undefined,
    dueFrom: filters.dueFrom || undefined,
    dueTo: filters.dueTo || undefined,
    briefingId: filters.briefing || undefined,
    tag: filters.tag || undefined,
    sort: filters.sort,
    page: filters.page,
    limit,
  };
}

/** True when anything narrows the list (sort and page do not). */
export function isFiltered(filters: ActionFilters): boolean {
  return (
    filters.status.length > 0 ||
    filters.owner !== '' ||
    filters.priority !== null ||
    filters.dueFrom !== '' ||
    filters.dueTo !== '' ||
    filters.overdue ||
    filters.briefing !== '' ||
    filters.tag !== ''
  );
}

/** `/api/actions/export.csv?…`: the CSV of every action the list's filters match (not just this page). */
export function exportHref(filters: ActionFilters, viewerId: string): string {
  const { page: _page, limit: _limit, ...query } = apiQueryOf(filters, viewerId, 1);
  return `/api/actions/export.csv${actionQueryString(query)}`;
}
