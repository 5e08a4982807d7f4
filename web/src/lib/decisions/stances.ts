// Where the team stands on a proposed decision (Loomio's proposals): the words and order the
// decision pages use for stances, tallies and their summary line.
import type { DecisionStance, Stance, Tally } from '$lib/api/types';

/** Blocks first: what an editor must see before accepting. */
export const STANCE_ORDER: readonly Stance[] = ['block', 'disagree', 'abstain', 'agree'];

/** The order people choose in, from yes to no. */
export const STANCE_CHOICES: readonly Stance[] = ['agree', 'abstain', 'disagree', 'block'];

export const STANCE_LABELS: Record<Stance, string> = {
  agree: 'Agree',
  abstain: 'Abstain',
  disagree: 'Disagree',
  block: 'Block',
};

export const STANCE_HINTS: Record<Stance, string> = {
  agree: 'I support this.',
  abstain: 'I am fine with whatever the team decides.',
  disagree: 'I would rather not, but will go along.',
  block: 'I have a serious objection: this should not go ahead as it is.',
};

export function tallyTotal(tally: Tally): number {
  return tally.agree + tally.abstain + tally.disagree + tally.block;
}

/** e.g. "3 agree · 1 abstain · 1 block", or "No stances yet". */
export function tallyLine(tally: Tally): string {
  const parts = STANCE_CHOICES.filter((stance) => tally[stance] > 0).map(
    (stance) => `${tally[stance]} ${stance}`,
  );
  return parts.length ? parts.join(' · ') : 'No stances yet';
}

/** The viewer's own stance among the others, if they took one. */
export function stanceOf(stances: DecisionStance[], userId: string): DecisionStance | undefined {
  return stances.find((stance) => stance.user.id === userId);
}

/** Stances grouped in STANCE_ORDER, empty groups left out. */
export function groupedStances(
  stances: DecisionStance[],
): Array<{ stance: Stance; people: DecisionStance[] }> {
  return STANCE_ORDER.map((stance) => ({
    stance,
    people: stances.filter((one) => one.stance === stance),
  })).filter((group) => group.people.length > 0);
}
