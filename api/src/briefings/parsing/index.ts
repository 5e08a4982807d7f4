export { BriefingParseError } from './briefing-parse-error.js';
export { decodeDocument } from './decode-document.js';
export {
  type AssumedPart,
  type ParsedBriefing,
  type ParsedItem,
  type ParsedSection,
  type SectionKind,
  type SourceFormat,
} from './parsed-briefing.js';
export { parseBriefings, type ParseOptions, sniffFormat } from './parse-briefings.js';
export { briefingSlug } from './briefing-slug.js';
export { PARSE_LIMITS, type ParseLimit } from './parse-limits.js';
export { storableText } from './plain-text.js';
