/** Where an imported document came from; the caller maps Content-Type, else `sniffFormat` guesses. */
export type SourceFormat = 'text' | 'markdown' | 'html' | 'json' | 'feed';

export const SOURCE_FORMATS: readonly SourceFormat[] = ['text', 'markdown', 'html', 'json', 'feed'];

export type SectionKind = 'items' | 'takeaway' | 'related';

export interface ParsedItem {
  /** The lead sentence or bold lead, never ending in a period. */
  title: string;
  body: string | null;
  /** The item's main link: its first. */
  url: string | null;
  /** Every link of the item, in order, without repeats. */
  links: string[];
}

export interface ParsedSection {
  heading: string;
  kind: SectionKind;
  /** Prose of a takeaway, or the intro paragraphs of an items section. */
  body: string | null;
  items: ParsedItem[];
  discussion: { prompt: string } | null;
}

/** Parts the document did not give, filled in by the importer (the preview asks to confirm them). */
export type AssumedPart = 'title' | 'publishedOn' | 'sections';

/** A briefing in the canonical shape of briefing.schema.json, before it gets ids and threads. */
export interface ParsedBriefing {
  title: string;
  slug: string;
  series: string | null;
  /** YYYY-MM-DD */
  publishedOn: string;
  author: string | null;
  readingMinutes: number | null;
  tags: string[];
  summary: string | null;
  sections: ParsedSection[];
  /** Absent when the document gave everything. */
  assumed?: AssumedPart[];
}
