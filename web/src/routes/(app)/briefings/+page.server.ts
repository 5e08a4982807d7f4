import { noticeFrom } from '$lib/notices';
import { canEditBriefings } from '$lib/roles';
import { requireUser } from '$lib/server/access';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { searchParams } = event.url;
  const series = searchParams.get('series')?.trim() || null;
  const tag = searchParams.get('tag')?.trim() || null;
  const cursor = searchParams.get('cursor')?.trim() || null;

  const [page, filters] = await Promise.all([
    event.locals.api
      .listBriefings({
        series: series ?? undefined,
        tag: tag ?? undefined,
        cursor: cursor ?? undefined,
      })
      .catch((cause: unknown) => errorPageFromApi(cause)),
    // The feed reads fine without filter choices; the form then offers what is in the address.
    optional(event.locals.api.briefingFilters()),
  ]);

  return {
    briefings: page.briefings,
    nextCursor: page.nextCursor,
    active: { series, tag },
    isFirstPage: cursor === null,
    filters: filters.value,
    canImport: canEditBriefings(user.role),
    notice: noticeFrom(event.url),
  };
};
