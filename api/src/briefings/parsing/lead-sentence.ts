const SENTENCE_END = /[.!?。！？؟]/g;
const FULL_WIDTH_END = new Set(['。', '！', '？']);
const CLOSING_MARKS = new Set(['"', "'", '”', '’', '»', ')', ']']);
const OPENING_MARKS = new Set(['(', '[', '"', "'", '“', '‘', '«']);
const LOWERCASE_START = /^\p{Ll}/u;
const WHITESPACE = /\s/;
// Letters joined by dots ("U.S", "e.g", "a.m", a lone initial): the dot is not a sentence end.
const INITIALISM = /^(?:\p{L}\.)*\p{L}$/u;
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st inc ltd corp co vs approx fig no vol dept est jan feb mar apr ' +
    'jun jul aug sep sept oct nov dec mt ft gen gov sen rep al cf ca pp'
  ).split(' '),
);
const TITLE_END_MARKS = new Set(['.', '。', ':', '：', ';', ' ']);
/** Past this a lead sentence is no headline; the title is shortened and the body keeps the whole text. */
const MAX_TITLE_LENGTH = 300;
const SHORTENED_TITLE_LENGTH = 200;

/** A title without the trailing period (or colon) the schema forbids; '' when nothing is left. */
export function trimTitle(text: string): string {
  let end = text.length;
  while (end > 0 && TITLE_END_MARKS.has(text[end - 1])) end--;
  return text.slice(0, end).trim();
}

function tokenBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 24 && !WHITESPACE.test(text[start - 1])) start--;
  let token = text.slice(start, index);
  while (token !== '' && OPENING_MARKS.has(token[0])) token = token.slice(1);
  return token;
}

/** Index just past the sentence end at `index`, or -1 when that mark does not end the lead sentence. */
function sentenceBoundary(text: string, index: number): number {
  const mark = text[index];
  let after = index + 1;
  while (after < text.length && (CLOSING_MARKS.has(text[after]) || text[after] === mark)) after++;
  if (after >= text.length) return -1;
  if (FULL_WIDTH_END.has(mark)) return after;
  if (!WHITESPACE.test(text[after])) return -1;
  if (mark === '.') {
    // An ellipsis trails off mid-thought more often than it ends a headline.
    if (text[index - 1] === '.' || text[index + 1] === '.') return -1;
    const token = tokenBefore(text, index);
    if (INITIALISM.test(token) || ABBREVIATIONS.has(token.toLowerCase())) return -1;
  }
  let next = after;
  while (next < text.length && WHITESPACE.test(text[next])) next++;
  if (next >= text.length || LOWERCASE_START.test(text.slice(next, next + 2))) return -1;
  return after;
}

function shortenedTitle(text: string): string {
  const cut = text.lastIndexOf(' ', SHORTENED_TITLE_LENGTH);
  return `${trimTitle(text.slice(0, cut > 0 ? cut : SHORTENED_TITLE_LENGTH))}…`;
}

/**
 * Splits a bullet (plain text) into its lead sentence, the item title, and the rest, the body:
 * "AI infra meets energy constraints. TSMC is…" → title without the period, body "TSMC is…".
 */
export function splitLeadSentence(text: string): { title: string; body: string | null } {
  SENTENCE_END.lastIndex = 0;
  for (let match = SENTENCE_END.exec(text); match; match = SENTENCE_END.exec(text)) {
    if (match.index > MAX_TITLE_LENGTH) break;
    const end = sentenceBoundary(text, match.index);
    if (end === -1) continue;
    const title = trimTitle(text.slice(0, end));
    const body = text.slice(end).trim();
    if (title !== '') return { title, body: body === '' ? null : body };
  }
  if (text.length > MAX_TITLE_LENGTH) return { title: shortenedTitle(text), body: text };
  return { title: trimTitle(text), body: null };
}

const LEAD_SEPARATOR = /^[\s.:：;—–|-]+/u;

/** An item whose lead is marked up (bold, a link, a sub-heading): the lead is the title, the rest the body. */
export function splitMarkedLead(
  text: string,
  leadText: string,
): { title: string; body: string | null } {
  const title = trimTitle(leadText);
  if (title === '' || !text.startsWith(leadText)) return splitLeadSentence(text);
  if (title.length > MAX_TITLE_LENGTH) return { title: shortenedTitle(title), body: text };
  const body = text.slice(leadText.length).replace(LEAD_SEPARATOR, '').trim();
  return { title, body: body === '' ? null : body };
}
