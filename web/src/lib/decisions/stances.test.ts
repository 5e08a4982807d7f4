import { describe, expect, it } from 'vitest';
import { groupedStances, stanceOf, tallyLine, tallyTotal } from './stances';

const person = (id: string, stance: 'agree' | 'abstain' | 'disagree' | 'block') => ({
  user: { id, displayName: id },
  stance,
  reason: '',
  updatedAt: '2026-05-07T09:00:00.000Z',
});

describe('stances', () => {
  it('summarises a tally from yes to no, leaving out nobody-stood-here', () => {
    expect(tallyLine({ agree: 3, abstain: 0, disagree: 1, block: 1 })).toBe(
      '3 agree · 1 disagree · 1 block',
    );
    expect(tallyLine({ agree: 0, abstain: 0, disagree: 0, block: 0 })).toBe('No stances yet');
    expect(tallyTotal({ agree: 3, abstain: 2, disagree: 1, block: 1 })).toBe(7);
  });

  it('groups people blocks first and finds the viewer', () => {
    const stances = [person('a', 'agree'), person('b', 'block'), person('c', 'agree')];
    expect(groupedStances(stances).map((group) => [group.stance, group.people.length])).toEqual([
      ['block', 1],
      ['agree', 2],
    ]);
    expect(stanceOf(stances, 'c')?.stance).toBe('agree');
    expect(stanceOf(stances, 'z')).toBeUndefined();
  });
});
