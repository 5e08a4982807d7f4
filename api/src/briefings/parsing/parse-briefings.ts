import { assembleBriefing, type AssembleOptions } from './assemble-briefing.js';
import { BriefingParseError, tooComplex } from './briefing-parse-error.js';
import { briefingsFromFeed } from './feed-briefing.js';
import { briefingsFromJson } from './json-briefing.js';
import { outlineDocument } from './outline-document.js';
import { type ParsedBriefing, SOURCE_FORMATS, type SourceFormat } from './parsed-briefing.js';
import { formatCount, PARSE_LIMITS } from './parse-limits.js';
import { normalizeDocument, storableText } from './plain-text.js';
import { sniffTrimmed } from './sniff-format.js';

/** Past this share of control characters and U+FFFD the upload is a file that is not text. */
const BINARY_SHARE = 0.1;

/** A stray NUL in a pasted document is removed with the other controls; a binary file has many. */
function looksBinary(content: string): boolean {
  let odd = 0;
  for (let index = 0; index < content.length; index++) {
    const code = content.charCodeAt(index);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
      (code >= 0x7f && code < 0xa0) ||
      code === 0xfffd
    ) {
      odd++;
    }
  }
  return odd > content.length * BINARY_SHARE;
}

/** Detects the format from the content (Content-Type handled by the caller); undefined when binary. */
export function sniffFormat(content: string): SourceFormat | undefined {
  if (typeof content !== 'string' || looksBinary(content)) return undefined;
  const trimmed = content.trim();
  return trimmed === '' ? 'text' : sniffTrimmed(trimmed).format;
}

/** What the importer decides for a document that does not say. */
export type ParseOptions = AssembleOptions;

function parseChecked(
  content: string,
  requested: SourceFormat | undefined,
  options: ParseOptions,
): ParsedBriefing[] {
  if (typeof content !== 'string' || content.trim() === '') {
    throw new BriefingParseError('EMPTY', 'The document is empty.');
  }
  if (looksBinary(content)) {
    throw new BriefingParseError('BINARY', 'The document is a binary file, not text.');
  }
  const document = normalizeDocument(content).trim();
  const told = requested && SOURCE_FORMATS.includes(requested) ? requested : undefined;
  const sniffed = told ? { format: told } : sniffTrimmed(document);
  switch (sniffed.format) {
    case 'json':
      return briefingsFromJson(document, sniffed);
    case 'feed':
      return briefingsFromFeed(document, options);
    default:
      return outlineDocument(document, sniffed.format).map((outline) =>
        assembleBriefing(outline, options),
      );
  }
}

/** Refuses an import that would write more sections, items or threads than PARSE_LIMITS allow. */
function checkCounts(briefings: ParsedBriefing[]): void {
  let items = 0;
  let prompts = 0;
  for (const briefing of briefings) {
    const sections = briefing.sections.length;
    const ownItems = briefing.sections.reduce((sum, section) => sum + section.items.length, 0);
    const ownPrompts = briefing.sections.filter((section) => section.discussion).length;
    if (sections > PARSE_LIMITS.sectionsPerBriefing)
      throw tooComplex(
        'sectionsPerBriefing',
        `A briefing has ${formatCount(sections)} sections; at most ${formatCount(PARSE_LIMITS.sectionsPerBriefing)} are taken.`,
      );
    if (ownItems > PARSE_LIMITS.itemsPerBriefing)
      throw tooComplex(
        'itemsPerBriefing',
        `A briefing has ${formatCount(ownItems)} items; at most ${formatCount(PARSE_LIMITS.itemsPerBriefing)} are taken.`,
      );
    if (ownPrompts > PARSE_LIMITS.promptsPerBriefing)
      throw tooComplex(
        'promptsPerBriefing',
        `A briefing has ${formatCount(ownPrompts)} discussion prompts; at most ${formatCount(PARSE_LIMITS.promptsPerBriefing)} are taken.`,
      );
    items += ownItems;
    prompts += ownPrompts;
  }
  if (items > PARSE_LIMITS.itemsPerImport)
    throw tooComplex(
      'itemsPerImport',
      `The document holds ${formatCount(items)} items in all; at most ${formatCount(PARSE_LIMITS.itemsPerImport)} are taken in one import.`,
    );
  if (prompts > PARSE_LIMITS.promptsPerImport)
    throw tooComplex(
      'promptsPerImport',
      `The document holds ${formatCount(prompts)} discussion prompts in all; at most ${formatCount(PARSE_LIMITS.promptsPerImport)} are taken in one import.`,
    );
}

// eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold NUL
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

/** Makes every string of freshly parsed briefings storable in place (PostgreSQL text takes no NUL), whatever parser made it. */
function makeStorable(value: object): void {
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (typeof field === 'string') {
      if (UNSTORABLE.test(field)) fields[key] = storableText(field);
    } else if (typeof field === 'object' && field !== null) {
      makeStorable(field);
    }
  }
}

/** Parses a document into one or more briefings (a feed or two glued text briefings give several). */
export function parseBriefings(
  content: string,
  format?: SourceFormat,
  options: ParseOptions = {},
): ParsedBriefing[] {
  try {
    const briefings = parseChecked(content, format, options);
    makeStorable(briefings);
    checkCounts(briefings);
    return briefings;
  } catch (error) {
    if (error instanceof BriefingParseError) throw error;
    // A parser bug must still reach the caller as an unreadable document, never as a crash.
    const wrapped = new BriefingParseError('MALFORMED', 'The document could not be read.');
    wrapped.cause = error;
    throw wrapped;
  }
}
