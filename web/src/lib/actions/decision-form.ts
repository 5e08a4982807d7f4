// The propose, edit and supersede forms of a decision: reading them and what is wrong with them.
import type { Decision, DecisionPatch, NewDecision } from '$lib/api/types';
import { isUuid } from '$lib/uuid';
import { isIsoDate } from './filters';

export interface DecisionFormValues {
  title: string;
  statement: string;
  rationale: string;
  alternatives: string;
  reviewBy: string;
  /** Proposing: the last day stances are taken (empty: until an editor decides). */
  closesOn: string;
  threadId: string;
  commentId: string;
}

export function emptyDecisionValues(
  overrides: Partial<DecisionFormValues> = {},
): DecisionFormValues {
  return {
    title: '',
    statement: '',
    rationale: '',
    alternatives: '',
    reviewBy: '',
    closesOn: '',
    threadId: '',
    commentId: '',
    ...overrides,
  };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

export function readDecisionForm(form: FormData): DecisionFormValues {
  return {
    title: text(form, 'title'),
    statement: text(form, 'statement'),
    rationale: text(form, 'rationale'),
    alternatives: text(form, 'alternatives'),
    reviewBy: text(form, 'reviewBy'),
    closesOn: text(form, 'closesOn'),
    threadId: text(form, 'threadId'),
    commentId: text(form, 'commentId'),
  };
}

/** `statementRequired`: false for the edit form, which cannot change the statement. */
export function decisionFormProblem(
  values: DecisionFormValues,
  statementRequired = true,
): string | null {
  if (!values.title) return 'Give the decision a short title.';
  if (values.title.length > 300) return 'Keep the title to 300 characters.';
  if (statementRequired && !values.statement) return 'Say what was decided.';
  if (values.statement.length > 10_000) return 'Keep the statement under 10,000 characters.';
  if (values.rationale.length > 20_000 || values.alternatives.length > 20_000) {
    return 'Keep the rationale and the alternatives under 20,000 characters each.';
  }
  if (values.reviewBy && !isIsoDate(values.reviewBy)) {
    return 'Enter the review date as a calendar date.';
  }
  if (values.closesOn && !isIsoDate(values.closesOn)) {
    return 'Enter the closing date as a calendar date.';
  }
  if (
    (values.threadId && !isUuid(values.threadId)) ||
    (values.commentId && !isUuid(values.commentId))
  ) {
    return 'The discussion this came from is not one Briefroom knows.';
  }
  return null;
}

export function newDecisionOf(values: DecisionFormValues): NewDecision {
  return {
    title: values.title,
    statement: values.statement,
    rationale: values.rationale || undefined,
    alternatives: values.alternatives || undefined,
    reviewBy: values.reviewBy || null,
    threadId: values.threadId || null,
    commentId: values.commentId || null,
    ...(values.closesOn ? { closesAt: closesAtOf(values.closesOn) } : {}),
  };
}

/** Stances close at the end of the chosen day (UTC). */
export function closesAtOf(day: string): string {
  return `${day}T23:59:59.999Z`;
}

export function decisionValuesOf(decision: Decision): DecisionFormValues {
  return emptyDecisionValues({
    title: decision.title,
    statement: decision.statement,
    rationale: decision.rationale,
    alternatives: decision.alternatives,
    reviewBy: decision.reviewBy ?? '',
  });
}

/** What the edit form changed, among the fields the API lets it change. */
export function decisionPatchOf(values: DecisionFormValues, current: Decision): DecisionPatch {
  const patch: DecisionPatch = {};
  if (values.title !== current.title) patch.title = values.title;
  if (values.rationale !== current.rationale.trim()) patch.rationale = values.rationale;
  if ((values.reviewBy || null) !== current.reviewBy) patch.reviewBy = values.reviewBy || null;
  return patch;
}
