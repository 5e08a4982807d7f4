import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import {
  decisionFormProblem,
  decisionPatchOf,
  decisionValuesOf,
  emptyDecisionValues,
  newDecisionOf,
  readDecisionForm,
} from '$lib/actions/decision-form';
import { todayIso } from '$lib/actions/my-actions';
import { followUpNotice } from '$lib/actions/notices';
import { canDecide, canEditDecision } from '$lib/actions/permissions';
import type { Stance } from '$lib/api/types';
import { STANCE_CHOICES } from '$lib/decisions/stances';
import { canDiscuss } from '$lib/roles';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NOT_FOUND = 'This decision does not exist.';

function isStance(value: string): value is Stance {
  return (STANCE_CHOICES as readonly string[]).includes(value);
}

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { api } = event.locals;
  const { id } = event.params;
  const decision = await api.getDecision(id).catch((cause: unknown) => {
    if (cause instanceof ApiError && cause.status === 400) error(404, { message: NOT_FOUND });
    return errorPageFromApi(cause, { 404: NOT_FOUND });
  });
  const titleOf = async (otherId: string | null) =>
    otherId ? ((await optional(api.getDecision(otherId))).value?.title ?? null) : null;
  const [supersedes, supersededBy, thread, carriedOutBy] = await Promise.all([
    titleOf(decision.supersedesId),
    titleOf(decision.supersededById),
    decision.threadId ? optional(api.getThread(decision.threadId, { limit: 1 })) : null,
    // Actions that link to this decision (the other end of their links).
    optional(api.listActions({ linkType: 'decision', linkId: id, limit: 100 })),
  ]);
  return {
    decision,
    supersedes: decision.supersedesId ? { id: decision.supersedesId, title: supersedes } : null,
    supersededBy: decision.supersededById
      ? { id: decision.supersededById, title: supersededBy }
      : null,
    sourceThread:
      decision.threadId && thread?.value
        ? {
            id: decision.threadId,
            title: thread.value.thread.title,
            shortTitle: thread.value.thread.shortTitle,
          }
        : null,
    carriedOutBy: carriedOutBy.value,
    carriedOutByProblem: carriedOutBy.problem,
    values: decisionValuesOf(decision),
    successorValues: emptyDecisionValues({
      rationale: '',
      threadId: decision.threadId ?? '',
    }),
    canDecide: canDecide(user),
    canStand: canDiscuss(user.role),
    viewerId: user.id,
    canEdit: canEditDecision(user, decision),
    notice: followUpNotice(event.url),
    today: todayIso(Date.now()),
    now: Date.now(),
  };
};

function here(event: RequestEvent, notice: string): string {
  return `/decisions/${encodeURIComponent(event.params.id)}?notice=${notice}`;
}

export const actions: Actions = {
  /** Editors: accept, reject, or put a rejected decision back to proposed. */
  decide: async (event) => {
    requireUser(event);
    const status = textField(await event.request.formData(), 'status');
    if (status !== 'accepted' && status !== 'rejected' && status !== 'proposed') {
      return fail(400, { form: 'decide' as const, message: 'Choose accept or reject.' });
    }
    try {
      await event.locals.api.updateDecision(event.params.id, { status });
    } catch (cause) {
      return failFromApi(cause, { form: 'decide' as const });
    }
    redirect(303, here(event, 'decided'));
  },

  edit: async (event) => {
    requireUser(event);
    const values = readDecisionForm(await event.request.formData());
    const problem = decisionFormProblem(values, false);
    if (problem) return fail(400, { form: 'edit' as const, values, message: problem });
    let changed: boolean;
    try {
      const current = await event.locals.api.getDecision(event.params.id);
      const patch = decisionPatchOf(values, current);
      changed = Object.keys(patch).length > 0;
      if (changed) await event.locals.api.updateDecision(event.params.id, patch);
    } catch (cause) {
      return failFromApi(cause, { form: 'edit' as const, values });
    }
    redirect(303, here(event, changed ? 'saved' : 'unchanged'));
  },

  /** Members: take or change one's stance on a proposed decision. */
  stance: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const stance = textField(form, 'stance');
    const reason = textField(form, 'reason').trim();
    if (!isStance(stance))
      return fail(400, {
        form: 'stance' as const,
        message: 'Choose agree, abstain, disagree or block.',
      });
    if (reason.length > 1000)
      return fail(400, {
        form: 'stance' as const,
        message: 'The reason is at most 1,000 characters.',
      });
    try {
      await event.locals.api.setDecisionStance(
        event.params.id,
        reason ? { stance, reason } : { stance },
      );
    } catch (cause) {
      return failFromApi(cause, { form: 'stance' as const });
    }
    redirect(303, here(event, 'stance'));
  },

  withdraw: async (event) => {
    requireUser(event);
    try {
      await event.locals.api.withdrawDecisionStance(event.params.id);
    } catch (cause) {
      return failFromApi(cause, { form: 'stance' as const });
    }
    redirect(303, here(event, 'stance-withdrawn'));
  },

  /** Editors: a new, accepted decision replaces this one. */
  supersede: async (event) => {
    requireUser(event);
    const values = readDecisionForm(await event.request.formData());
    const problem = decisionFormProblem(values);
    if (problem) return fail(400, { form: 'supersede' as const, values, message: problem });
    let id: string;
    try {
      id = (await event.locals.api.supersedeDecision(event.params.id, newDecisionOf(values))).id;
    } catch (cause) {
      return failFromApi(cause, { form: 'supersede' as const, values });
    }
    redirect(303, `/decisions/${encodeURIComponent(id)}?notice=superseded`);
  },
};
