const LONE_SURROGATE = /\p{Surrogate}/gu;
// C0/C1 controls other than whitespace carry no text; they come from pasted terminals and bad encodings.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
const LINE_BREAK = /\r\n?/g;
// eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold NUL
const NUL = /\u0000/g;
const WHITESPACE_RUN = /\s+/g;

/** Whole-document clean-up before any format parser: one kind of line end, NFC, no stray controls. */
export function normalizeDocument(content: string): string {
  const withoutBom = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  return withoutBom
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL_CHARACTER, '')
    .normalize('NFC');
}

/** Text as PostgreSQL stores it: no NUL, lone surrogates as U+FFFD (what the driver would send anyway). */
export function storableText(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** One paragraph of plain text from any source: NFC, whitespace runs collapsed, punctuation left exactly as written. */
export function plainText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL_CHARACTER, '')
    .normalize('NFC')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Whitespace collapsed in text that `normalizeDocument` already cleaned (the cheap half of `plainText`). */
export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

/** Plain-text paragraphs joined by a blank line; null when none is left. */
export function joinParagraphs(paragraphs: readonly string[]): string | null {
  const kept = paragraphs.filter((paragraph) => paragraph !== '');
  return kept.length === 0 ? null : kept.join('\n\n');
}

const BLANK_LINE = /\n[^\S\n]*\n/;

/** Prose from any source (front matter, JSON, a feed): each paragraph made plain, blank lines kept between. */
export function proseText(raw: string): string | null {
  return joinParagraphs(raw.replace(LINE_BREAK, '\n').split(BLANK_LINE).map(plainText));
}

/** A value that should be one short line of text (author, heading), or null. */
export function optionalLine(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = plainText(String(value));
  return text === '' || text.length > maxLength ? null : text;
}
