// The dashboard's state filter: a name in the address, the thread states it stands for.
import type { ThreadState, ThreadSummary } from '$lib/api/types';

export const THREAD_FILTERS = {
  unresolved: { label: 'Unresolved (open and converging)', states: ['open', 'converging'] },
  open: { label: 'Open', states: ['open'] },
  converging: { label: 'Converging', states: ['converging'] },
  resolved: { label: 'Resolved', states: ['resolved'] },
  all: { label: 'All', states: ['open', 'converging', 'resolved'] },
} as const satisfies Record<string, { label: string; states: readonly ThreadState[] }>;

export type ThreadFilter = keyof typeof THREAD_FILTERS;

export const DEFAULT_FILTER: ThreadFilter = 'unresolved';

export function threadFilterFrom(value: string | null): ThreadFilter {
  return value !== null && Object.hasOwn(THREAD_FILTERS, value)
    ? (value as ThreadFilter)
    : DEFAULT_FILTER;
}

/** The query string of a dashboard page (no "?"), leaving out the defaults. */
export function dashboardQuery(filter: ThreadFilter, cursor: string | null = null): string {
  const search = new URLSearchParams();
  if (filter !== DEFAULT_FILTER) search.set('state', filter);
  if (cursor) search.set('cursor', cursor);
  return search.toString();
}

/**
 * Whether a thread in the list has something the viewer has not seen: events after their read
 * position, or, never opened, any comment at all. (Opened while empty is read position 0, not
 * "never opened": comments that came later are new.)
 */
export function hasNews(
  thread: Pick<ThreadSummary, 'lastReadSeq' | 'lastSeq' | 'commentCount'>,
): boolean {
  return thread.lastReadSeq === null
    ? thread.commentCount > 0
    : thread.lastSeq > thread.lastReadSeq;
}
