import { assembleBriefing } from './assemble-briefing.js';
import { BriefingParseError } from './briefing-parse-error.js';
import { briefingsFromFeed } from './feed-briefing.js';
import { briefingsFromJson } from './json-briefing.js';
import { outlineDocument } from './outline-document.js';
import { type ParsedBriefing, SOURCE_FORMATS, type SourceFormat } from './parsed-briefing.js';
import { normalizeDocument } from './plain-text.js';
import { sniffTrimmed } from './sniff-format.js';

/** Past this share of control characters and U+FFFD the upload is a file that is not text. */
const BINARY_SHARE = 0.1;

function looksBinary(content: string): boolean {
  if (content.includes('\u0000')) return true;
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

function parseChecked(content: string, requested: SourceFormat | undefined): ParsedBriefing[] {
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
      return briefingsFromFeed(document);
    default:
      return outlineDocument(document, sniffed.format).map(assembleBriefing);
  }
}

/** Parses a document into one or more briefings (a feed or two glued text briefings give several). */
export function parseBriefings(content: string, format?: SourceFormat): ParsedBriefing[] {
  try {
    return parseChecked(content, format);
  } catch (error) {
    if (error instanceof BriefingParseError) throw error;
    // A parser bug must still reach the caller as an unreadable document, never as a crash.
    const wrapped = new BriefingParseError('MALFORMED', 'The document could not be read.');
    wrapped.cause = error;
    throw wrapped;
  }
}
