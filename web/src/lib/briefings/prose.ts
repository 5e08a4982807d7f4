// Briefing text is plain text: paragraphs are separated by blank lines, never by markup.

/** The paragraphs of a plain-text body, blank lines being the only separator. */
export function paragraphsOf(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/** e.g. "1 comment", "3 comments", "No comments". */
export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  if (count === 0) return `No ${plural}`;
  return `${count} ${count === 1 ? singular : plural}`;
}

/** e.g. "6 min read"; null when the briefing does not say. */
export function readingTimeLabel(minutes: number | null): string | null {
  return minutes && minutes > 0 ? `${minutes} min read` : null;
}
