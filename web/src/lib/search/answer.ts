// How the search views say what a question was understood as, and the answer card's lines.
import type { components } from '$lib/api/schema';
import { formatDate } from '$lib/dates';
import { statusLabel } from './labels';

type Schemas = components['schemas'];
export type SearchAnswer = Schemas['SearchAnswerDto'];
export type SearchInterpreted = Schemas['SearchInterpretedDto'];

const PLURALS: Record<string, string> = {
  briefing: 'briefings',
  item: 'news items',
  discussion: 'discussions',
  comment: 'comments',
  action: 'actions',
  decision: 'decisions',
};

const list = (words: string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');

/**
 * "Showing decisions about key rotation by Dana Whitfield in May": what the API read out of a
 * question. Null when it read nothing (a plain keyword query is shown as typed).
 */
export function interpretationSentence(
  query: string,
  interpreted: SearchInterpreted,
): string | null {
  const { terms, types, filters } = interpreted;
  const people = filters.people.map((p) => p.name);
  const changed =
    types.length > 0 || people.length > 0 || filters.dates !== undefined || terms !== query.trim();
  if (!changed) return null;
  const what = types.length > 0 ? list(types.map((t) => PLURALS[t] ?? t)) + ' first' : 'results';
  let sentence = `Showing ${what}`;
  if (terms) sentence += ` about ${terms}`;
  if (people.length) sentence += ` by ${list(people)}`;
  if (filters.dates) {
    const range =
      filters.from && filters.to
        ? `${formatDate(filters.from)} – ${formatDate(filters.to)}`
        : filters.from
          ? `from ${formatDate(filters.from)}`
          : `until ${formatDate(filters.to ?? '')}`;
    sentence += ` ${filters.dates} (${range})`;
  }
  return sentence;
}

/** The answer card's heading line: what kind of answer it is. */
export function answerKind(answer: SearchAnswer): string {
  switch (answer.type) {
    case 'decision':
      return 'Decision';
    case 'action':
      return 'Action';
    default:
      return 'Comment';
  }
}

/** "Accepted · 8 May 2026 · decided by Dana Whitfield", "Open · due 15 Jul 2026 · owned by Ravi Menon". */
export function answerFacts(answer: SearchAnswer): string {
  const parts: string[] = [];
  if (answer.status) parts.push(statusLabel(answer.status));
  if (answer.type === 'action') {
    parts.push(answer.person ? `owned by ${answer.person.name}` : 'no owner yet');
    parts.push(answer.dueOn ? `due ${formatDate(answer.dueOn)}` : 'no due date');
  } else if (answer.type === 'decision') {
    parts.push(formatDate(answer.date));
    if (answer.person) parts.push(`decided by ${answer.person.name}`);
  } else {
    if (answer.person) parts.push(answer.person.name);
    parts.push(formatDate(answer.date));
  }
  return parts.join(' · ');
}
