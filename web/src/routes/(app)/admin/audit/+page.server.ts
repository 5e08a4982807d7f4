import { ApiError } from '$lib/api/client';
import type { AuditEvent } from '$lib/api/types';
import { requireAdmin } from '$lib/server/access';
import { errorPageFromApi } from '$lib/server/load-failure';
import { csvHref, filtersFrom, pageHref, toQuery } from './audit-filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const filters = filtersFrom(event.url.searchParams);
  const cursor = event.url.searchParams.get('cursor');
  let events: AuditEvent[] = [];
  let nextCursor: string | null = null;
  let problem: string | null = null;
  try {
    ({ events, nextCursor } = await event.locals.api.listAuditEvents(toQuery(filters, cursor)));
  } catch (cause) {
    // A filter the API refuses (a date typed by hand) is said on the page, beside the form.
    if (!(cause instanceof ApiError) || cause.status !== 400) errorPageFromApi(cause);
    problem = cause.message;
  }
  return {
    filters,
    events,
    problem,
    /** Whether this is a later page, so the page offers a way back to the newest events. */
    paged: Boolean(cursor),
    firstHref: pageHref(filters),
    nextHref: nextCursor ? pageHref(filters, nextCursor) : null,
    csvHref: csvHref(filters),
  };
};
