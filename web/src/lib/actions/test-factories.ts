// Fixtures for the action and decision tests: plausible API objects, overridable field by field.
import type { ActionItem, Decision } from '$lib/api/types';

let serial = 0;

export function makeAction(overrides: Partial<ActionItem> = {}): ActionItem {
  serial++;
  return {
    id: `aa000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    title: `Action number ${serial}`,
    description: '',
    owner: {
      id: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
      displayName: 'Ada Lovelace',
      handle: 'ada',
    },
    watchers: [],
    status: 'open',
    priority: 'medium',
    dueOn: null,
    overdue: false,
    createdBy: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
    createdAt: '2026-05-07T09:00:00.000Z',
    updatedAt: '2026-05-07T09:00:00.000Z',
    completedAt: null,
    ...overrides,
  };
}

export function makeDecision(overrides: Partial<Decision> = {}): Decision {
  serial++;
  return {
    id: `dd000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    title: 'Site the next cluster where the grid can take it',
    statement: 'New AI capacity goes only to regions with a confirmed grid connection date.',
    rationale: 'Power, not chips, is the constraint for the next two years.',
    alternatives: '',
    status: 'proposed',
    decidedBy: null,
    decidedOn: null,
    reviewBy: null,
    supersedesId: null,
    supersededById: null,
    threadId: null,
    commentId: null,
    createdBy: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
    createdAt: '2026-05-07T09:00:00.000Z',
    updatedAt: '2026-05-07T09:00:00.000Z',
    closesAt: null,
    votingOpen: (overrides.status ?? 'proposed') === 'proposed',
    tally: { agree: 0, abstain: 0, disagree: 0, block: 0 },
    decidedTally: null,
    ...overrides,
  };
}
