// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  GROUP_FIELD,
  MAX_GROUPS,
  parseSynonymRows,
  rowErrorsFromDetails,
  rowsOf,
  termsOf,
} from './synonym-form';

describe('termsOf', () => {
  it('splits on commas, trims, collapses spaces, lowercases and drops empty and repeated terms', () => {
    expect(termsOf('  K8s ,kubernetes,, KUBERNETES ,  Artificial   Intelligence ,')).toEqual([
      'k8s',
      'kubernetes',
      'artificial intelligence',
    ]);
  });
});

describe('rowsOf', () => {
  it('reads every row in order, trimmed, keeping blank ones', () => {
    const form = new FormData();
    for (const row of [' k8s, kubernetes ', '', '  ', 'ai, ml']) form.append(GROUP_FIELD, row);
    form.append('other', 'ignored');

    expect(rowsOf(form)).toEqual(['k8s, kubernetes', '', '', 'ai, ml']);
  });
});

describe('parseSynonymRows', () => {
  it('turns rows into groups, dropping empty rows and keeping the order', () => {
    const draft = parseSynonymRows(['K8s, Kubernetes', '', ' , ', 'AI, artificial intelligence']);

    expect(draft).toEqual({
      rows: ['K8s, Kubernetes', 'AI, artificial intelligence'],
      rowErrors: {},
      problem: null,
      groups: [
        ['k8s', 'kubernetes'],
        ['ai', 'artificial intelligence'],
      ],
    });
  });

  it('gives no groups for a list of blank rows (saving it clears the synonyms)', () => {
    expect(parseSynonymRows(['', '   '])).toMatchObject({ rows: [], groups: [], rowErrors: {} });
  });

  it('names each row the API would refuse, by its index among the non-empty rows', () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `term${i}`).join(', ');
    const tooLong = `short, ${'x'.repeat(101)}`;

    const draft = parseSynonymRows(['k8s', '', 'K8s, k8s', 'a, b', tooMany, tooLong]);

    expect(draft.rows).toHaveLength(5);
    expect(draft.rowErrors).toEqual({
      0: 'Give at least two terms, separated by commas.',
      1: 'These terms are the same once lowercased: give at least two different ones.',
      3: 'A group can have at most 20 terms; this one has 21.',
      4: `Terms can be at most 100 characters; “${'x'.repeat(24)}…” has 101.`,
    });
    expect(draft.problem).toBeNull();
  });

  it('names a row that repeats an earlier group, in any order or case', () => {
    const draft = parseSynonymRows([
      'llm, large language model',
      'a, b',
      'Large Language Model, LLM',
    ]);

    expect(draft.rowErrors).toEqual({
      2: 'Row 1 has these same terms: remove one of them.',
    });
  });

  it('accepts the limits themselves: 20 terms, 100 characters', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`).join(', ');
    const draft = parseSynonymRows([twenty, `a, ${'y'.repeat(100)}`]);

    expect(draft.rowErrors).toEqual({});
    expect(draft.groups[0]).toHaveLength(20);
  });

  it('refuses more groups than the API keeps', () => {
    const rows = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => `a${i}, b${i}`);

    expect(parseSynonymRows(rows).problem).toBe(
      'There can be at most 500 synonym groups; this list has 501.',
    );
  });
});

describe('rowErrorsFromDetails', () => {
  it('reads the service’s {"fields":{"synonyms.<i>":[…]}} details', () => {
    expect(
      rowErrorsFromDetails({ fields: { 'synonyms.2': ['needs two different terms'] } }),
    ).toEqual({ 2: 'Needs two different terms.' });
  });

  it('reads the validation pipe’s [{"field","problems"}] details, ignoring fields that are not a row', () => {
    expect(
      rowErrorsFromDetails([
        { field: 'synonyms', problems: ['synonyms must be groups of 2 to 20 terms'] },
        { field: 'synonyms.0', problems: ['too short', 'too few'] },
      ]),
    ).toEqual({ 0: 'Too short; too few.' });
  });

  it('gives nothing for details it does not recognise', () => {
    expect(rowErrorsFromDetails(null)).toEqual({});
    expect(rowErrorsFromDetails('synonyms.1')).toEqual({});
    expect(rowErrorsFromDetails({ fields: null })).toEqual({});
  });
});
