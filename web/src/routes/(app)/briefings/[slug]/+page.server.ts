import { fail, redirect } from '@sveltejs/kit';
import { noticeFrom } from '$lib/notices';
import { ApiError } from '$lib/api/client';
import { canDiscuss } from '$lib/roles';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { optional } from '$lib/server/load-failure';
import { briefingLinkedActions } from '$lib/actions/linked';
import { canCreate } from '$lib/actions/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { briefing } = await event.parent();
  // Follow-ups: actions from this briefing's items and prompts, and earlier ones still open; all
  // asked at once with the read marker (one round trip to the API, not two).
  const [, linkedActions, followUps] = await Promise.all([
    event.locals.api.markBriefingRead(briefing.id).catch((cause: unknown) => {
      // Reading matters more than the unread marker: a failed mark leaves the page as it is.
      if (!(cause instanceof ApiError)) throw cause;
    }),
    briefingLinkedActions(event.locals.api, briefing),
    optional(event.locals.api.briefingFollowUps(briefing.id)),
  ]);
  return {
    notice: noticeFrom(event.url),
    canDiscuss: canDiscuss(user.role),
    canCreateFollowUps: canCreate(user),
    linkedActions: linkedActions ?? {},
    followUps: followUps.value ?? [],
  };
};

export const actions: Actions = {
  /** Opens (or finds) the thread on one item, and goes there. */
  openDiscussion: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const itemId = textField(form, 'itemId');
    if (!itemId) return fail(400, { itemId, message: 'Choose an item to discuss.' });

    let threadId: string;
    try {
      threadId = (await event.locals.api.openItemThread(itemId)).id;
    } catch (cause) {
      return failFromApi(cause, { itemId });
    }
    redirect(303, `/threads/${encodeURIComponent(threadId)}`);
  },
};
