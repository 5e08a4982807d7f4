import { error, fail } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { newDraftKey } from '$lib/discussions/draft-key';
import { outcomeProblem } from '$lib/discussions/outcome';
import { isReactionName } from '$lib/discussions/reactions';
import { THREAD_STATES, type Comment, type ThreadState } from '$lib/api/types';
import { canDiscuss, canModerateComments } from '$lib/roles';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { markdownField, textField } from '$lib/server/form-data';
import { answerForm } from '$lib/server/form-response';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import {
  acceptedDecisionsQuery,
  linkedActionsQuery,
  linkedDecisionsQuery,
  reachedDecisions,
} from './follow-ups';
import { FIRST_PAGE_COMMENTS, MORE_PAGE_COMMENTS } from './paging';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** A thread of a restricted briefing answers 404 to outsiders, so this sentence covers both. */
const THREAD_NOT_FOUND = 'This discussion does not exist, or it is not shared with you.';

/** "Load more" without JavaScript reloads the page with one page more, up to this many. */
const MAX_PAGES = 10;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { api } = event.locals;
  const { id } = event.params;
  const { searchParams } = event.url;
  const pagesWanted = boundedInteger(searchParams.get('pages'), 1, MAX_PAGES);

  // Follow-ups that came out of this discussion, the decision(s) it reached and its system notes
  // (each left out when the API cannot list it: the discussion itself still shows), asked at the
  // same time as the thread: one round trip to the API instead of two.
  const followUps = Promise.all([
    optional(api.listActions(linkedActionsQuery(id))),
    optional(api.listDecisions(linkedDecisionsQuery(id))),
    optional(api.listDecisions(acceptedDecisionsQuery(id))),
    optional(api.threadNotes(id)),
  ]);
  // Not awaited when the thread itself fails: its error page is the answer.
  followUps.catch(() => undefined);
  const first = await api.getThread(id, { limit: FIRST_PAGE_COMMENTS }).catch((cause: unknown) => {
    // A malformed id is a 400 from the API; to a reader it is the same missing page.
    if (cause instanceof ApiError && cause.status === 400)
      error(404, { message: THREAD_NOT_FOUND });
    return errorPageFromApi(cause, { 404: THREAD_NOT_FOUND });
  });
  const comments = [...first.comments];
  let nextAfterSeq = first.nextAfterSeq;
  let pagesLoaded = 1;
  while (nextAfterSeq !== null && pagesLoaded < pagesWanted) {
    const more = await api
      .getThread(id, { afterSeq: nextAfterSeq, limit: MORE_PAGE_COMMENTS })
      .catch((cause: unknown) => errorPageFromApi(cause, { 404: THREAD_NOT_FOUND }));
    comments.push(...more.comments);
    nextAfterSeq = more.nextAfterSeq;
    pagesLoaded++;
  }

  // Without JavaScript, Reply, Edit, Delete and "edited" are links that say which comment they
  // are about; only live comments of this page count.
  const live = (param: string): Comment | null => {
    const wanted = searchParams.get(param);
    return comments.find((comment) => comment.id === wanted && comment.deletedAt === null) ?? null;
  };
  const historyOf = live('history');
  const history = historyOf?.editedAt ? await optional(api.commentRevisions(historyOf.id)) : null;
  const [linkedActions, linkedDecisions, acceptedDecisions, notes] = await followUps;

  return {
    page: { thread: first.thread, comments, nextAfterSeq },
    pagesLoaded,
    viewer: {
      id: user.id,
      canDiscuss: canDiscuss(user.role),
      canModerate: canModerateComments(user.role),
    },
    /** Idempotency-Keys of the first drafts (the browser makes its own for later ones). */
    draftKey: newDraftKey(),
    replyDraftKey: newDraftKey(),
    requested: {
      reply: live('reply')?.id ?? null,
      quote: searchParams.has('quote'),
      edit: live('edit')?.id ?? null,
      remove: live('delete')?.id ?? null,
      /** Without JavaScript, the reaction choices of this comment are shown (?react=<id>). */
      react: live('react')?.id ?? null,
    },
    history: historyOf && history ? { commentId: historyOf.id, ...history } : null,
    /** Relative times render from the server's clock, then the browser's. */
    now: Date.now(),
    linkedActions: linkedActions.value ?? [],
    linkedDecisions: linkedDecisions.value ?? [],
    /** Accepted decisions: "the decision" shown at the top. */
    acceptedDecisions: await reachedDecisions(acceptedDecisions.value ?? []),
    /** Notes up to the thread's seq as loaded (a later one arrives over the socket). */
    notes: (notes.value ?? []).filter((note) => note.seq <= first.thread.lastSeq),
  };
};

export const actions: Actions = {
  comment: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const body = markdownField(form, 'body');
    const parentId = textField(form, 'parentId') || null;
    const idempotencyKey = textField(form, 'idempotencyKey') || newDraftKey();
    const values = { form: 'comment' as const, body, parentId, idempotencyKey };
    if (body.trim() === '') return fail(400, { ...values, message: 'Write your comment first.' });

    try {
      const comment = await event.locals.api.postComment(
        event.params.id,
        { body, parentId },
        idempotencyKey,
      );
      return answerForm(event, { form: 'comment' as const, comment }, permalink(event, comment.id));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  edit: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const commentId = textField(form, 'commentId');
    const body = markdownField(form, 'body');
    const values = { form: 'edit' as const, commentId, body };
    if (!commentId) return fail(400, { ...values, message: 'Choose a comment to edit.' });
    if (body.trim() === '') {
      return fail(400, { ...values, message: 'A comment cannot be empty; delete it instead.' });
    }

    try {
      const comment = await event.locals.api.editComment(commentId, body);
      return answerForm(event, { form: 'edit' as const, comment }, permalink(event, comment.id));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  delete: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const commentId = textField(form, 'commentId');
    const values = { form: 'delete' as const, commentId };
    if (!commentId) return fail(400, { ...values, message: 'Choose a comment to delete.' });

    try {
      await event.locals.api.deleteComment(commentId);
      return answerForm(event, { ...values, deleted: true }, permalink(event, commentId));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  react: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const commentId = textField(form, 'commentId');
    // The pressed button says which reaction and which way: "heart|on" or "heart|off".
    const [emoji, direction] = textField(form, 'reaction').split('|');
    const values = { form: 'react' as const, commentId };
    if (!commentId || !isReactionName(emoji) || (direction !== 'on' && direction !== 'off')) {
      return fail(400, { ...values, message: 'Choose a reaction.' });
    }

    try {
      const comment = await event.locals.api.react(commentId, emoji, direction === 'on');
      return answerForm(event, { form: 'react' as const, comment }, permalink(event, commentId));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  state: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const state = textField(form, 'state');
    const outcome = textField(form, 'outcome');
    const values = { form: 'state' as const, outcome };
    if (!isThreadState(state)) return fail(400, { ...values, message: 'Choose a state.' });
    const problem = state === 'resolved' ? outcomeProblem(outcome) : null;
    if (problem) return fail(400, { ...values, message: problem });

    try {
      const thread = await event.locals.api.updateThreadState(
        event.params.id,
        state === 'resolved' ? { state, outcome } : { state },
      );
      return answerForm(event, { form: 'state' as const, thread }, threadPath(event));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  /** Editors: the short title lists, notifications and search show. */
  shortTitle: async (event) => {
    requireUser(event);
    const shortTitle = textField(await event.request.formData(), 'shortTitle').trim();
    const values = { form: 'shortTitle' as const };
    if (!shortTitle) return fail(400, { ...values, message: 'Write a short title.' });
    if (/[\r\n]/.test(shortTitle) || shortTitle.length > 90)
      return fail(400, { ...values, message: 'One line, up to 90 characters.' });
    try {
      const thread = await event.locals.api.updateThreadState(event.params.id, { shortTitle });
      return answerForm(event, { form: 'shortTitle' as const, thread }, threadPath(event));
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  follow: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const follow = textField(form, 'follow') === 'true';
    try {
      await event.locals.api.followThread(event.params.id, follow);
      return answerForm(event, { form: 'follow' as const, following: follow }, threadPath(event));
    } catch (cause) {
      return failFromApi(cause, { form: 'follow' as const });
    }
  },
};

function isThreadState(value: string): value is ThreadState {
  return (THREAD_STATES as readonly string[]).includes(value);
}

function threadPath(event: RequestEvent): string {
  return `/threads/${encodeURIComponent(event.params.id)}`;
}

function permalink(event: RequestEvent, commentId: string): string {
  return `${threadPath(event)}#comment-${commentId}`;
}

function boundedInteger(raw: string | null, min: number, max: number): number {
  const value = Number.parseInt(raw ?? '', 10);
  return Number.isNaN(value) ? min : Math.min(max, Math.max(min, value));
}
