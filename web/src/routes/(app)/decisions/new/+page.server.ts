import { error, fail, redirect } from '@sveltejs/kit';
import {
  decisionFormProblem,
  emptyDecisionValues,
  newDecisionOf,
  readDecisionForm,
} from '$lib/actions/decision-form';
import { isUuid } from '$lib/uuid';
import { canCreate } from '$lib/actions/permissions';
import { clipQuote } from '$lib/actions/source-links';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!canCreate(user)) {
    error(403, { message: 'Viewers read decisions but cannot propose them.' });
  }
  const { searchParams } = event.url;
  const threadId = searchParams.get('threadId')?.trim() ?? '';
  const commentId = searchParams.get('commentId')?.trim() ?? '';
  const validThread = isUuid(threadId) ? threadId : '';
  const thread = validThread
    ? await optional(event.locals.api.getThread(validThread, { limit: 1 }))
    : null;
  return {
    values: emptyDecisionValues({
      statement: clipQuote(searchParams.get('quote') ?? ''),
      threadId: thread?.value ? validThread : '',
      commentId: thread?.value && isUuid(commentId) ? commentId : '',
    }),
    source: thread?.value
      ? {
          threadId: validThread,
          title: thread.value.thread.title,
          shortTitle: thread.value.thread.shortTitle,
          hasComment: isUuid(commentId),
        }
      : null,
    sourceMissing: validThread !== '' && !thread?.value,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const values = readDecisionForm(await event.request.formData());
    const problem = decisionFormProblem(values);
    if (problem) return fail(400, { values, message: problem });
    let id: string;
    try {
      id = (await event.locals.api.proposeDecision(newDecisionOf(values))).id;
    } catch (cause) {
      return failFromApi(cause, { values });
    }
    redirect(303, `/decisions/${encodeURIComponent(id)}?notice=proposed`);
  },
};
