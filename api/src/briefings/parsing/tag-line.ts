const MAX_TAG_LINE_LENGTH = 200;
const LABELLED = /^(?:tags?|topics?|keywords?)\s*[:：]\s*(.+)$/iu;
// Bare tag lines are lowercase slugs ("daily-sync", "ai, infra"); anything else could be prose.
const BARE_TAGS = /^#?[a-z0-9][a-z0-9_-]*(?:(?:\s*,\s*|\s+)#?[a-z0-9][a-z0-9_-]*){0,14}$/;
const MAX_TAGS = 20;
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

/** Reads "daily-sync", "ai, infra" or "Tags: Machine Learning, Ops"; null when the line is not a tag line. */
export function parseTagLine(line: string): string[] | null {
  if (line.length > MAX_TAG_LINE_LENGTH) return null;
  const labelled = LABELLED.exec(line);
  if (labelled) {
    const list = labelled[1];
    return normalizeTags(list.includes(',') ? list.split(',') : list.split(/\s+/));
  }
  if (!BARE_TAGS.test(line)) return null;
  return normalizeTags(line.split(/[\s,]+/));
}
