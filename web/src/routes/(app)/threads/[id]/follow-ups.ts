// What the thread page asks about the actions and decisions that came out of the discussion: the
// same questions when the server renders it and when a system note says something changed.
import type { ActionListQuery, Decision, DecisionListQuery } from '$lib/api/types';

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

/** An accepted decision as the top of the thread shows it: its statement's words on one line. */
export interface ReachedDecision extends Decision {
  statementText: string;
}

/**
 * The statements as plain text, by the parser the decision page renders them with. It is loaded
 * here, not with the page: the server runs it for the first view, and the browser only when a
 * decision changes while the page is open.
 */
export async function reachedDecisions(decisions: Decision[]): Promise<ReachedDecision[]> {
  if (decisions.length === 0) return [];
  const { markdownToPlainText } = await import('$lib/markdown/plain-text');
  return decisions.map((decision) => ({
    ...decision,
    statementText: markdownToPlainText(decision.statement),
  }));
}
