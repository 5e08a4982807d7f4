import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeDecision } from '$lib/actions/test-factories';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import DecisionStances from './DecisionStances.svelte';

const stance = (id: string, name: string, kind: 'agree' | 'block', reason = '') => ({
  user: { id, displayName: name },
  stance: kind,
  reason,
  updatedAt: '2026-05-07T09:00:00.000Z',
});

describe('DecisionStances', () => {
  it('shows the tally and who stood where, blocks first and highlighted, and the viewer’s stance', () => {
    const decision = makeDecision({
      tally: { agree: 1, abstain: 0, disagree: 0, block: 1 },
      stances: [stance('u2', 'Bo Block', 'block', 'Visa issues'), stance('u1', 'Ada', 'agree')],
    });
    render(DecisionStances, { decision, viewerId: 'u1', canStand: true });
    expect(screen.getByText('1 agree · 1 block')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/Blocked:.*one person objects/);
    const groups = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(groups).toEqual(['Block (1)', 'Agree (1)']);
    expect(screen.getByText('Visa issues')).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Agree/ }).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Update stance' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Withdraw my stance' })).toBeTruthy();
  });

  it('offers no form to viewers or once voting closed, and shows the tally recorded at the decision', () => {
    const { unmount } = render(DecisionStances, {
      decision: makeDecision(),
      viewerId: 'u1',
      canStand: false,
    });
    expect(screen.getByText('No stances yet')).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    unmount();
    render(DecisionStances, {
      decision: makeDecision({
        status: 'accepted',
        votingOpen: false,
        tally: { agree: 2, abstain: 0, disagree: 0, block: 0 },
        decidedTally: { agree: 2, abstain: 0, disagree: 0, block: 0 },
        stances: [],
      }),
      viewerId: 'u1',
      canStand: true,
    });
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByText('When it was accepted: 2 agree.')).toBeTruthy();
  });

  it('follows live decision.stances events for this decision only', async () => {
    const realtime = new FakeRealtime();
    const decision = makeDecision({ stances: [] });
    render(DecisionStances, { decision, viewerId: 'u1', canStand: true, realtime: () => realtime });
    realtime.serverSends('decision.stances', {
      decisionId: 'another',
      votingOpen: true,
      tally: { agree: 9, abstain: 0, disagree: 0, block: 0 },
      stances: [],
    });
    realtime.serverSends('decision.stances', {
      decisionId: decision.id,
      votingOpen: true,
      tally: { agree: 0, abstain: 0, disagree: 0, block: 1 },
      stances: [stance('u3', 'Cy', 'block', 'Not now')],
    });
    expect(realtime.actionSubscriptions).toBe(1);
    const tally = await screen.findByText('1 block');
    expect(tally.classList.contains('blocked')).toBe(true);
    expect(screen.getByText('Not now')).toBeTruthy();
  });
});
