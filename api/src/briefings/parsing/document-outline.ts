/**
 * What every format parser reduces a document to: a title, the metadata it states outright, and a
 * flat run of headings, paragraphs and list items. `assembleBriefing` turns this into a briefing.
 * Block text (and a lead) is already plain text: parsers clean it once, the assembler never again.
 */
export type OutlineBlock =
  | { type: 'heading'; level: number; text: string; url: string | null; links?: string[] }
  | { type: 'paragraph'; text: string; url: string | null; links?: string[] }
  /** `lead` is a lead the source marked up (bold, a leading link, a card heading). */
  | { type: 'item'; text: string; lead: string | null; url: string | null; links?: string[] };
// `url` is the block's main link (its first); `links` every safe link in it, in order, without repeats.

export interface StatedMetadata {
  title?: string;
  series?: string;
  publishedOn?: string;
  author?: string;
  readingMinutes?: number;
  tags?: string[];
  summary?: string;
  slug?: string;
}

export interface DocumentOutline {
  title: string | null;
  /** Front matter, meta tags: wins over what the lines under the title suggest. */
  stated: StatedMetadata;
  /** Meta description, feed entry fields: used only where the document itself says nothing. */
  fallback: StatedMetadata;
  blocks: OutlineBlock[];
}

/** The title a feed entry already gives, so its content's first heading is not mistaken for one. */
export interface OutlineContext {
  knownTitle?: string;
}
