import { PARSE_LIMITS, type ParseLimit } from './parse-limits.js';

export type BriefingParseFailure =
  'EMPTY' | 'BINARY' | 'MALFORMED' | 'NO_STRUCTURE' | 'TOO_COMPLEX';

/**
 * The one error the parsers throw; `missing` names the parts a NO_STRUCTURE document lacked,
 * `limit` the bound a TOO_COMPLEX one went past.
 */
export class BriefingParseError extends Error {
  override readonly name = 'BriefingParseError';

  constructor(
    readonly reason: BriefingParseFailure,
    message: string,
    readonly missing: string[] = [],
    readonly limit: { name: ParseLimit; max: number } | null = null,
  ) {
    super(message);
  }
}

/** A document past one of PARSE_LIMITS; `message` is one sentence that names the bound. */
export function tooComplex(limit: ParseLimit, message: string): BriefingParseError {
  return new BriefingParseError('TOO_COMPLEX', message, [], {
    name: limit,
    max: PARSE_LIMITS[limit],
  });
}

/** The parts every briefing needs, named as in briefing.schema.json. */
export type RequiredPart = 'title' | 'publishedOn' | 'sections';

const PART_NAMES: Record<RequiredPart, string> = {
  title: 'title line',
  publishedOn: 'date',
  sections: 'section',
};

const ONLY_PART_MISSING: Record<RequiredPart, string> = {
  title: 'No title line was found.',
  publishedOn: "No date was found: expected a line like 'May 7, 2026'.",
  sections:
    'No section was found: expected a short heading line followed by bullets or paragraphs.',
};

export function missingStructure(missing: RequiredPart[]): BriefingParseError {
  if (missing.length === 1) {
    return new BriefingParseError('NO_STRUCTURE', ONLY_PART_MISSING[missing[0]], missing);
  }
  const names = missing.map((part) => PART_NAMES[part]);
  const list = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return new BriefingParseError(
    'NO_STRUCTURE',
    `No ${list} was found: this does not look like a briefing.`,
    missing,
  );
}
