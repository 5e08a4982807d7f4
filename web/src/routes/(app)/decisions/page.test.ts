import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Decision } from '$lib/api/types';
import { NO_DECISION_FILTERS } from '$lib/actions/decision-filters';
import { makeDecision } from '$lib/actions/test-factories';
import { realtimeContext } from '$lib/realtime/realtime';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import DecisionLogPage from './+page.svelte';

vi.mock('$app/navigation', () => ({ invalidateAll: vi.fn(() => Promise.resolve()) }));

type Props = Parameters<typeof DecisionLogPage>[1];

function setup(decisions: Decision[]) {
  const realtime = new FakeRealtime();
  render(DecisionLogPage, {
    props: {
      data: {
        filters: NO_DECISION_FILTERS,
        filtered: false,
        decisions,
        listProblem: null,
        deciders: [],
        tags: [],
        today: '2026-05-07',
        canPropose: true,
      },
      params: {},
    } as unknown as Props,
    context: realtimeContext(realtime),
  });
  return { realtime };
}

describe('decision log, live', () => {
  it('shows a decision accepted elsewhere in its row, and counts one it does not list', async () => {
    const proposed = makeDecision({ title: 'Grid first' });
    const { realtime } = setup([proposed, makeDecision({ title: 'Another' })]);

    realtime.serverSends('decision.changed', {
      decision: {
        ...proposed,
        status: 'accepted',
        decidedBy: { id: 'ada-id', displayName: 'Ada Lovelace' },
        decidedOn: '2026-05-07T11:00:00.000Z',
        updatedAt: '2026-05-07T11:00:00.000Z',
      },
    });
    realtime.serverSends('decision.changed', { decision: makeDecision({ title: 'New one' }) });
    await tick();

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('link').textContent)).toEqual([
      'Grid first',
      'Another',
    ]);
    expect(rows[0]?.textContent).toMatch(/Accepted[\s\S]*Ada Lovelace/);
    expect(screen.getByText('1 updated')).toBeTruthy();
    expect(screen.queryByText('New one')).toBeNull();
  });
});

describe('decision log, stances', () => {
  it('shows where the team stands on proposals, blocks highlighted', () => {
    setup([
      makeDecision({
        title: 'Blocked one',
        tally: { agree: 2, abstain: 0, disagree: 0, block: 1 },
      }),
      makeDecision({ title: 'Quiet one' }),
    ]);
    const blocked = screen.getByText('2 agree · 1 block');
    expect(blocked.classList.contains('blocked')).toBe(true);
    expect(screen.getByText('No stances yet').classList.contains('blocked')).toBe(false);
  });
});
