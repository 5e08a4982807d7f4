// What the thread page asks about the actions and decisions that came out of the discussion: the
// same questions when the server renders it and when a system note says something changed.
import type { ActionListQuery, DecisionListQuery } from '$lib/api/types';

/** Actions linked to the thread or one of its comments (the Follow-ups panel). */
export function linkedActionsQuery(threadId: string): ActionListQuery {
  return { linkType: 'discussion', linkId: threadId, limit: 50, sort: 'due' };
}

/** Decisions proposed in or linked to the thread, any status (the Follow-ups panel). */
export function linkedDecisionsQuery(threadId: string): DecisionListQuery {
  return { threadId, limit: 50 };
}

/** The decision(s) the discussion reached: shown at the top. */
export function acceptedDecisionsQuery(threadId: string): DecisionListQuery {
  return { threadId, status: ['accepted'], sort: 'decided', limit: 10 };
}
