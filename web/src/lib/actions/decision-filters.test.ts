import { describe, expect, it } from 'vitest';
import {
  NO_DECISION_FILTERS,
  decisionApiQuery,
  decisionFiltersFromParams,
  decisionFiltersToParams,
  isReviewDue,
  matchesDecisionFilters,
} from './decision-filters';
import { makeDecision } from './test-factories';

const EDITOR = '1b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a12';

describe('decision log filters', () => {
  it('round-trip through the address and drop what they do not know', () => {
    const params = new URLSearchParams(
      `status=accepted,bogus&tag=ai&decidedFrom=2026-05-01&decidedTo=2026-13-01&decidedBy=${EDITOR}`,
    );
    const filters = decisionFiltersFromParams(params);
    expect(filters).toEqual({
      status: ['accepted'],
      tag: 'ai',
      decidedFrom: '2026-05-01',
      decidedTo: '',
      decidedBy: EDITOR,
    });
    expect(decisionFiltersFromParams(decisionFiltersToParams(filters))).toEqual(filters);
    expect(decisionFiltersToParams(NO_DECISION_FILTERS).toString()).toBe('');
    expect(decisionApiQuery(filters)).toEqual({
      status: ['accepted'],
      tag: 'ai',
      decidedFrom: '2026-05-01',
      decidedTo: undefined,
      decidedBy: EDITOR,
    });
  });

  it('match the decided-on range and who decided; undecided ones never match those', () => {
    const decided = makeDecision({
      status: 'accepted',
      decidedOn: '2026-05-10',
      decidedBy: { id: EDITOR, displayName: 'Grace' },
    });
    const proposed = makeDecision();
    const from = { ...NO_DECISION_FILTERS, decidedFrom: '2026-05-10' };
    expect(matchesDecisionFilters(decided, from)).toBe(true);
    expect(matchesDecisionFilters(decided, { ...from, decidedTo: '2026-05-09' })).toBe(false);
    expect(matchesDecisionFilters(proposed, from)).toBe(false);
    expect(matchesDecisionFilters(decided, { ...NO_DECISION_FILTERS, decidedBy: EDITOR })).toBe(
      true,
    );
    expect(matchesDecisionFilters(proposed, NO_DECISION_FILTERS)).toBe(true);
  });

  it('mark an accepted decision due for review from its review date on', () => {
    const decision = makeDecision({ status: 'accepted', reviewBy: '2026-05-07' });
    expect(isReviewDue(decision, '2026-05-06')).toBe(false);
    expect(isReviewDue(decision, '2026-05-07')).toBe(true);
    expect(isReviewDue({ ...decision, status: 'superseded' }, '2026-06-01')).toBe(false);
  });
});
