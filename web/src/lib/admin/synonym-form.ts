// Reading the synonyms form (one input per group, terms separated by commas) into what
// `PUT /api/search/synonyms` takes, with a sentence per row that the API would refuse.

/** The API's limits (docs/api-search.md, SynonymsDto). */
export const MAX_GROUPS = 500;
export const MAX_TERMS_PER_GROUP = 20;
export const MAX_TERM_LENGTH = 100;

/** The form field repeated once per row. */
export const GROUP_FIELD = 'group';

export interface SynonymDraft {
  /** The non-empty rows as typed (trimmed): what the form shows again when something is wrong. */
  rows: string[];
  /** What is wrong with a row, by its index in `rows`. */
  rowErrors: Record<number, string>;
  /** A problem with the list as a whole, or null. */
  problem: string | null;
  /** One lowercased, de-duplicated group per row; only sendable when nothing above is wrong. */
  groups: string[][];
}

/** Every row of the form as typed, blank ones included (adding and removing rows keeps them). */
export function rowsOf(form: FormData): string[] {
  return form
    .getAll(GROUP_FIELD)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim());
}

/** The terms of one row: split on commas, trimmed, spaces collapsed, lowercased, repeats dropped. */
export function termsOf(row: string): string[] {
  const terms = row
    .split(',')
    .map((term) => term.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter((term) => term !== '');
  return [...new Set(terms)];
}

export function parseSynonymRows(typed: string[]): SynonymDraft {
  const rows = typed.map((row) => row.trim()).filter((row) => termsOf(row).length > 0);
  const groups = rows.map(termsOf);
  const rowErrors: Record<number, string> = {};
  const firstRowOf = new Map<string, number>();
  groups.forEach((terms, index) => {
    const same = [...terms].sort().join('\n');
    const earlier = firstRowOf.get(same);
    if (earlier === undefined) firstRowOf.set(same, index);
    const problem =
      groupProblem(terms, rows[index] ?? '') ??
      (earlier === undefined
        ? null
        : `Row ${earlier + 1} has these same terms: remove one of them.`);
    if (problem) rowErrors[index] = problem;
  });
  const problem =
    rows.length > MAX_GROUPS
      ? `There can be at most ${MAX_GROUPS} synonym groups; this list has ${rows.length}.`
      : null;
  return { rows, rowErrors, problem, groups };
}

function groupProblem(terms: string[], row: string): string | null {
  if (terms.length < 2) {
    return row.includes(',')
      ? 'These terms are the same once lowercased: give at least two different ones.'
      : 'Give at least two terms, separated by commas.';
  }
  if (terms.length > MAX_TERMS_PER_GROUP) {
    return `A group can have at most ${MAX_TERMS_PER_GROUP} terms; this one has ${terms.length}.`;
  }
  const long = terms.find((term) => term.length > MAX_TERM_LENGTH);
  if (long !== undefined) {
    return `Terms can be at most ${MAX_TERM_LENGTH} characters; “${long.slice(0, 24)}…” has ${long.length}.`;
  }
  return null;
}

/**
 * Row problems in a VALIDATION_FAILED `details`, by row index: the API names a group as
 * `synonyms.<index>` (as `{"fields":{…}}` or as a list of `{"field","problems"}`). Rows are sent
 * in order with blanks dropped, so the index is the row's index in `SynonymDraft.rows`.
 */
export function rowErrorsFromDetails(details: unknown): Record<number, string> {
  const rowErrors: Record<number, string> = {};
  for (const [field, problems] of fieldProblems(details)) {
    const match = /^synonyms\.(\d+)$/.exec(field);
    if (!match || problems.length === 0) continue;
    const sentence = problems.join('; ');
    rowErrors[Number(match[1])] = sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
  }
  return rowErrors;
}

function fieldProblems(details: unknown): Array<[string, string[]]> {
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  if (Array.isArray(details)) {
    return details.flatMap((entry: unknown) =>
      typeof entry === 'object' && entry !== null && 'field' in entry && 'problems' in entry
        ? [[String(entry.field), strings(entry.problems)] as [string, string[]]]
        : [],
    );
  }
  if (typeof details === 'object' && details !== null && 'fields' in details) {
    const fields = details.fields;
    if (typeof fields === 'object' && fields !== null) {
      return Object.entries(fields).map(([field, problems]) => [field, strings(problems)]);
    }
  }
  return [];
}
