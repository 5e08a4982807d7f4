export { BriefingParseError } from './briefing-parse-error.js';
export {
  type ParsedBriefing,
  type ParsedItem,
  type ParsedSection,
  type SectionKind,
  type SourceFormat,
} from './parsed-briefing.js';
export { parseBriefings, sniffFormat } from './parse-briefings.js';
