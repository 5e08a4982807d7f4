import { requireUser } from '$lib/server/access';
import { errorPageFromApi } from '$lib/server/load-failure';
import { THREAD_FILTERS, threadFilterFrom } from './discussion-filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { searchParams } = event.url;
  const filter = threadFilterFrom(searchParams.get('state'));
  const cursor = searchParams.get('cursor')?.trim() || null;

  const page = await event.locals.api
    .listThreads({ states: THREAD_FILTERS[filter].states, cursor: cursor ?? undefined })
    .catch((cause: unknown) => errorPageFromApi(cause));

  return {
    threads: page.threads,
    nextCursor: page.nextCursor,
    filter,
    isFirstPage: cursor === null,
    now: Date.now(),
  };
};
