/** The longest short title; a longer first clause is cut at a comma or a word. */
export const SHORT_TITLE_MAX = 90;
/** A clause shorter than this ("Team:", "Pick one:") says too little: the next one joins it. */
const MIN_CLAUSE = 15;

/**
 * Where a clause ends: `?`/`!` (kept), a full stop before a capital or digit, `;` or `:` before a
 * space, a dash between spaces, an em dash. The full stops in "e.g. latency" or "3.5" do not count.
 */
const CLAUSE_END = /([?!])|\.(?=\s+[\p{Lu}\p{N}"'“‘])|[;:](?=\s)|\s+[–—-]\s+|—/gu;

/**
 * A thread's default short title, for lists, notifications and search where the whole prompt made
 * scanning hard: the prompt's (or item title's) first clause; when that is longer than
 * SHORT_TITLE_MAX, cut at its last comma that fits, else at a word, marked with "…".
 * "Where are your AI infra plans most exposed to energy constraints, and what would you change
 * first?" → "Where are your AI infra plans most exposed to energy constraints".
 */
export function shortTitleOf(text: string): string {
  const whole = text.replace(/\s+/g, ' ').trim();
  let end = whole.length;
  let keep = '';
  for (const match of whole.matchAll(CLAUSE_END)) {
    if (match.index < MIN_CLAUSE) continue;
    end = match.index;
    keep = match[1] ?? '';
    break;
  }
  const clause = (whole.slice(0, end).trim() + keep).replace(/\.$/, '').trim();
  if (clause.length <= SHORT_TITLE_MAX) return clause;
  const comma = clause.lastIndexOf(', ', SHORT_TITLE_MAX);
  if (comma >= MIN_CLAUSE) return clause.slice(0, comma);
  return cutAtWord(clause, SHORT_TITLE_MAX);
}

function cutAtWord(text: string, max: number): string {
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).replace(/[\s,;:.–—-]+$/, '')}…`;
}
