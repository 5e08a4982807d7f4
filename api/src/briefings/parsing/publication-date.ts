const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MONTH_NUMBERS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
// The copy glues words onto dates ("May 7, 2026By The CTO"), so digits are fenced by (?!\d), not \b.
const DATE = new RegExp(
  [
    `(?<!\\p{L})${MONTH}\\.?\\s{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?\\s{1,3}(\\d{4})(?!\\d)`,
    `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s{1,3}${MONTH}\\.?,?\\s{1,3}(\\d{4})(?!\\d)`,
    `(?<!\\d)(\\d{4})([-/.])(\\d{1,2})\\8(\\d{1,2})(?!\\d)`,
    `(\\d{4})\\s?年\\s?(\\d{1,2})\\s?月\\s?(\\d{1,2})\\s?日`,
  ].join('|'),
  'giu',
);

export interface FoundDate {
  /** YYYY-MM-DD */
  iso: string;
  index: number;
  length: number;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number {
  return MONTH_NUMBERS[name.slice(0, 3).toLowerCase()];
}

/** The first real calendar date written in `text` ("May 7, 2026", "7 May 2026", "2026-05-07", "2026年5月7日"). */
export function findDate(text: string): FoundDate | null {
  DATE.lastIndex = 0;
  for (let match = DATE.exec(text); match; match = DATE.exec(text)) {
    const g = match;
    const iso = g[1]
      ? isoDate(Number(g[3]), monthNumber(g[1]), Number(g[2]))
      : g[5]
        ? isoDate(Number(g[6]), monthNumber(g[5]), Number(g[4]))
        : g[7]
          ? isoDate(Number(g[7]), Number(g[9]), Number(g[10]))
          : isoDate(Number(g[11]), Number(g[12]), Number(g[13]));
    if (iso) return { iso, index: match.index, length: match[0].length };
  }
  return null;
}

/** A date stated as metadata: a YAML Date, an ISO timestamp, an RSS pubDate or any form `findDate` reads. */
export function toPublicationDate(value: unknown): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value !== 'string' || value.length > 200) return null;
  return findDate(value)?.iso ?? null;
}
