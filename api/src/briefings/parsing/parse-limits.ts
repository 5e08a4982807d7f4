/**
 * How much of a document the parser reads before refusing it as TOO_COMPLEX. Each bound keeps one
 * import from holding a parse worker, or the database, for long; all sit far above real briefings
 * (the sample has 4 sections, 14 items and 3 prompts; a saved news page some 3,000 elements).
 */
export const PARSE_LIMITS = {
  /** Open elements at once in HTML or XML (the parsers' tree walks and linkedom itself). */
  markupDepth: 512,
  /** Elements in one HTML page or feed, entries' content included. */
  markupElements: 100_000,
  /** YAML or JSON front matter of a Markdown document. */
  frontMatterBytes: 64 * 1024,
  /** Values in the front matter once YAML aliases are expanded (alias bombs). */
  frontMatterValues: 10_000,
  sectionsPerBriefing: 200,
  itemsPerBriefing: 2_000,
  /** Each prompt becomes a thread. */
  promptsPerBriefing: 100,
  /** Across every briefing of one import (a feed): what one transaction writes. */
  itemsPerImport: 20_000,
  promptsPerImport: 1_000,
} as const;

export type ParseLimit = keyof typeof PARSE_LIMITS;

export const formatCount = (count: number) => count.toLocaleString('en-US');
