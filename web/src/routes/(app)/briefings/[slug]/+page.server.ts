import { noticeFrom } from '$lib/notices';
import { ApiError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals, url }) => {
  const { briefing } = await parent();
  try {
    await locals.api.markBriefingRead(briefing.id);
  } catch (cause) {
    // Reading matters more than the unread marker: a failed mark leaves the page as it is.
    if (!(cause instanceof ApiError)) throw cause;
  }
  return { notice: noticeFrom(url) };
};
