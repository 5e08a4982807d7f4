// The decision log's filters as query parameters, passed on to the API.
import {
  DECISION_STATUSES,
  type Decision,
  type DecisionListQuery,
  type DecisionStatus,
} from '$lib/api/types';
import { isUuid } from '$lib/uuid';
import { isIsoDate } from './filters';

export interface DecisionFilters {
  status: DecisionStatus[];
  tag: string;
  /** Decided on or after this date. */
  decidedFrom: string;
  /** Decided on or before this date. */
  decidedTo: string;
  /** Who accepted (or rejected) it: a user id. */
  decidedBy: string;
}

export const NO_DECISION_FILTERS: DecisionFilters = {
  status: [],
  tag: '',
  decidedFrom: '',
  decidedTo: '',
  decidedBy: '',
};

export function decisionFiltersFromParams(params: URLSearchParams): DecisionFilters {
  const statuses = params
    .getAll('status')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim());
  const date = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return isIsoDate(value) ? value : '';
  };
  const decidedBy = params.get('decidedBy')?.trim() ?? '';
  return {
    status: DECISION_STATUSES.filter((status) => statuses.includes(status)),
    tag: (params.get('tag') ?? '').trim().slice(0, 100),
    decidedFrom: date('decidedFrom'),
    decidedTo: date('decidedTo'),
    decidedBy: isUuid(decidedBy) ? decidedBy : '',
  };
}

export function decisionFiltersToParams(filters: DecisionFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length > 0) params.set('status', filters.status.join(','));
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.decidedFrom) params.set('decidedFrom', filters.decidedFrom);
  if (filters.decidedTo) params.set('decidedTo', filters.decidedTo);
  if (filters.decidedBy) params.set('decidedBy', filters.decidedBy);
  return params;
}

export function decisionApiQuery(filters: DecisionFilters): DecisionListQuery {
  return {
    status: filters.status.length > 0 ? filters.status : undefined,
    tag: filters.tag || undefined,
    decidedFrom: filters.decidedFrom || undefined,
    decidedTo: filters.decidedTo || undefined,
    decidedBy: filters.decidedBy || undefined,
  };
}

/**
 * The same filters applied to decisions already loaded (e.g. one that changed live). Undecided
 * decisions never match a decided-on range or person.
 */
export function matchesDecisionFilters(decision: Decision, filters: DecisionFilters): boolean {
  const decidedOn = decision.decidedOn?.slice(0, 10) ?? null;
  if ((filters.decidedFrom || filters.decidedTo) && decidedOn === null) return false;
  if (filters.decidedFrom && (decidedOn as string) < filters.decidedFrom) return false;
  if (filters.decidedTo && (decidedOn as string) > filters.decidedTo) return false;
  if (filters.decidedBy && decision.decidedBy?.id !== filters.decidedBy) return false;
  return true;
}

/** An accepted decision whose review date has come (`today` is YYYY-MM-DD). */
export function isReviewDue(
  decision: Pick<Decision, 'status' | 'reviewBy'>,
  today: string,
): boolean {
  return decision.status === 'accepted' && decision.reviewBy !== null && decision.reviewBy <= today;
}
