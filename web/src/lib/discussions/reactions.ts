// Reactions are stored by name; the page shows them as emoji.
import { REACTION_NAMES, type Reaction, type ReactionName } from '$lib/api/types';

export const REACTION_EMOJI: Record<ReactionName, string> = {
  '+1': '👍',
  '-1': '👎',
  heart: '❤️',
  tada: '🎉',
  laugh: '😄',
  confused: '😕',
  eyes: '👀',
  rocket: '🚀',
};

/** Spoken names, for buttons read by screen readers. */
export const REACTION_LABELS: Record<ReactionName, string> = {
  '+1': 'thumbs up',
  '-1': 'thumbs down',
  heart: 'heart',
  tada: 'party',
  laugh: 'laugh',
  confused: 'confused',
  eyes: 'eyes',
  rocket: 'rocket',
};

export function isReactionName(value: unknown): value is ReactionName {
  return typeof value === 'string' && (REACTION_NAMES as readonly string[]).includes(value);
}

export interface ReactionButton {
  name: ReactionName;
  emoji: string;
  label: string;
  count: number;
  /** The viewer's own reaction is among them: pressing takes it back. */
  pressed: boolean;
}

/** One entry per reaction anyone gave, in the API's fixed order. */
export function reactionButtons(reactions: readonly Reaction[], userId: string): ReactionButton[] {
  return REACTION_NAMES.flatMap((name) => {
    const reaction = reactions.find((candidate) => candidate.emoji === name);
    if (!reaction || reaction.count === 0) return [];
    return [
      {
        name,
        emoji: REACTION_EMOJI[name],
        label: REACTION_LABELS[name],
        count: reaction.count,
        pressed: reaction.userIds.includes(userId),
      },
    ];
  });
}

/** The reactions as they will be once `userId` toggles `name`: what the page shows before the API answers. */
export function toggledReactions(
  reactions: readonly Reaction[],
  name: ReactionName,
  userId: string,
): Reaction[] {
  const existing = reactions.find((reaction) => reaction.emoji === name);
  if (!existing) return [...reactions, { emoji: name, count: 1, userIds: [userId] }];
  const mine = existing.userIds.includes(userId);
  const userIds = mine
    ? existing.userIds.filter((id) => id !== userId)
    : [...existing.userIds, userId];
  const others = reactions.filter((reaction) => reaction !== existing);
  return userIds.length === 0
    ? others
    : reactions.map((reaction) =>
        reaction === existing ? { ...reaction, count: userIds.length, userIds } : reaction,
      );
}
