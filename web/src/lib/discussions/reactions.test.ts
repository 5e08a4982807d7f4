import { describe, expect, it } from 'vitest';
import type { Reaction } from '$lib/api/types';
import { reactionButtons, toggledReactions } from './reactions';

const ME = 'me';
const reactions: Reaction[] = [
  { emoji: 'heart', count: 1, userIds: ['someone'] },
  { emoji: '+1', count: 2, userIds: ['someone', ME] },
];

describe(reactionButtons.name, () => {
  it('shows each reaction as its emoji with its count, in a fixed order, pressed when it is mine', () => {
    expect(
      reactionButtons(reactions, ME).map(({ name, emoji, count, pressed }) => ({
        name,
        emoji,
        count,
        pressed,
      })),
    ).toEqual([
      { name: '+1', emoji: '👍', count: 2, pressed: true },
      { name: 'heart', emoji: '❤️', count: 1, pressed: false },
    ]);
  });
});

describe(toggledReactions.name, () => {
  it('takes my reaction back, and removes one nobody else gave', () => {
    const untoggled = toggledReactions(reactions, '+1', ME);
    expect(untoggled.find((r) => r.emoji === '+1')).toEqual({
      emoji: '+1',
      count: 1,
      userIds: ['someone'],
    });

    const alone: Reaction[] = [{ emoji: 'eyes', count: 1, userIds: [ME] }];
    expect(toggledReactions(alone, 'eyes', ME)).toEqual([]);
  });

  it('adds my reaction to an existing one, or as a new one', () => {
    expect(toggledReactions(reactions, 'heart', ME).find((r) => r.emoji === 'heart')).toEqual({
      emoji: 'heart',
      count: 2,
      userIds: ['someone', ME],
    });
    expect(toggledReactions(reactions, 'rocket', ME).at(-1)).toEqual({
      emoji: 'rocket',
      count: 1,
      userIds: [ME],
    });
  });
});
