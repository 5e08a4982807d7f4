/**
 * The parse as a worker thread runs it (see BriefingParser): the document in, plain data out.
 * Errors come back as values, because an error thrown across threads loses its fields.
 */
import { BriefingParseError, type BriefingParseFailure } from './briefing-parse-error.js';
import { type ParseLimit } from './parse-limits.js';
import { type ParsedBriefing, type SourceFormat } from './parsed-briefing.js';
import { parseBriefings, type ParseOptions, sniffFormat } from './parse-briefings.js';

export interface ParseTask {
  content: string;
  format: SourceFormat | undefined;
  options?: ParseOptions;
}

export type ParseOutcome =
  | { ok: true; briefings: ParsedBriefing[]; sourceFormat: SourceFormat }
  | {
      ok: false;
      reason: BriefingParseFailure;
      message: string;
      missing: string[];
      limit: { name: ParseLimit; max: number } | null;
    };

export function parseTask({ content, format, options }: ParseTask): ParseOutcome {
  try {
    const briefings = parseBriefings(content, format, options);
    return { ok: true, briefings, sourceFormat: format ?? sniffFormat(content) ?? 'text' };
  } catch (error) {
    if (!(error instanceof BriefingParseError)) throw error;
    const { reason, message, missing, limit } = error;
    return { ok: false, reason, message, missing, limit };
  }
}

export default parseTask;
