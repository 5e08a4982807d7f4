const MAX_TAG_LINE_LENGTH = 200;
const LABELLED = /^(?:tags?|topics?|keywords?)\s*[:：]\s*(.+)$/iu;
// Bare tag lines are lowercase slugs ("daily-sync", "ai, infra"); anything else could be prose.
const BARE_TAGS = /^#?[a-z0-9][a-z0-9_-]*(?:(?:\s*,\s*|\s+)#?[a-z0-9][a-z0-9_-]*){0,14}$/;
const MAX_TAGS = 20;
/** Tags set apart by spaces alone are few ("ai infra security"); a longer run is a phrase. */
const MAX_SPACED_TAGS = 5;
const MAX_SPACED_TAGS_PER_ENTRY = 2;
// Little words of prose that no tag line holds.
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but nor as at by for from in into of on onto to with without is are was were be ' +
    'been being has have had do does did will would can could should may might must this that these ' +
    'those it its we our you your he she they them their his her not no yes than then so if when ' +
    'while which who whom what where why how all any some each every more most less about after ' +
    'before over under up down out off via per'
  ).split(' '),
);
// A tag names a topic: "4" or "699" (page numbers, counts) is never one.
const HAS_LETTER = /\p{L}/u;

/** A tag the way the product stores it: trimmed, lowercase, words joined by hyphens. */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, '-').slice(0, 50);
}

export function normalizeTags(raw: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const value of raw) {
    const tag = normalizeTag(value);
    if (HAS_LETTER.test(tag)) tags.add(tag);
    if (tags.size === MAX_TAGS) break;
  }
  return [...tags];
}

/**
 * Whether lowercase words are tags rather than prose: all #hashtags, or words none of which is a
 * little word of prose ("bool as u32", "the last week"), a few between commas or a few in all.
 */
function looksLikeTags(line: string): boolean {
  const tokens = line.split(/[\s,]+/).filter((token) => token !== '');
  if (tokens.every((token) => token.startsWith('#'))) return true;
  if (tokens.some((token) => FUNCTION_WORDS.has(token))) return false;
  if (line.includes(',')) {
    // Between commas sit tags, not clauses ("fixed alias default var values, added wasi support").
    return line
      .split(',')
      .every((entry) => entry.trim().split(/\s+/).length <= MAX_SPACED_TAGS_PER_ENTRY);
  }
  return tokens.length <= MAX_SPACED_TAGS;
}

/** Reads "daily-sync", "ai, infra" or "Tags: Machine Learning, Ops"; null when the line is not a tag line. */
export function parseTagLine(line: string): string[] | null {
  if (line.length > MAX_TAG_LINE_LENGTH) return null;
  const labelled = LABELLED.exec(line);
  if (labelled) {
    const list = labelled[1];
    return normalizeTags(list.includes(',') ? list.split(',') : list.split(/\s+/));
  }
  if (!BARE_TAGS.test(line) || !looksLikeTags(line)) return null;
  return normalizeTags(line.split(/[\s,]+/));
}
