import { describeTypes, readDates, readQuery } from './query-understanding.js';

// A Monday: "last week" is the week before it.
const now = new Date('2026-06-08T10:00:00Z');

describe('readQuery', () => {
  describe('question words and filler', () => {
    it.each([
      ['what did we decide about key rotation', 'key rotation'],
      ['who owns the key rotation review', 'key rotation review'],
      ['have we discussed the GPU budget?', 'GPU budget'],
      ['what was said about GPU capacity planning', 'GPU capacity planning'],
    ])('"%s" → terms "%s"', (q, terms) => {
      expect(readQuery(q, now).terms).toBe(terms);
    });

    it('keeps a plain keyword query as it is, and says nothing was read from it', () => {
      expect(readQuery('kafka upgrade', now)).toEqual({
        terms: 'kafka upgrade',
        types: [],
        dates: undefined,
        people: [],
        natural: false,
      });
    });

    it('keeps quoted phrases whole, filler inside them too', () => {
      expect(readQuery('what about "the future of work"', now).terms).toBe('"the future of work"');
    });

    it('folds look-alike characters first (curly quotes, non-breaking hyphens)', () => {
      expect(readQuery('“de‑escalation” 8th‑gen TPU', now).terms).toBe(
        '"de-escalation" 8th-gen TPU',
      );
    });
  });

  describe('intent → types ranked first', () => {
    it.each([
      ['what did we decide about key rotation', ['decision']],
      ['decision on AI vendor keys', ['decision']],
      ['what was agreed on hiring', ['decision']],
      ['credential rotation policy', ['decision']],
      ['did we stop hiring contractors', ['decision']],
      ['who owns the key rotation review', ['action']],
      ['what is assigned to the platform team', ['action']],
      ['actions due on the vendor review', ['action']],
      ['what was said about GPU capacity planning', ['comment', 'discussion']],
      ['have we discussed power budgets', ['decision', 'comment', 'discussion']],
      ['who argued for the freeze', ['comment', 'discussion']],
      ['monitoring tools consolidation', []],
    ])('"%s" → %j', (q, types) => {
      expect(readQuery(q, now).types).toEqual(types);
    });
  });

  describe('dates → filters', () => {
    it.each([
      ['decisions last week', { from: '2026-06-01', to: '2026-06-07' }],
      ['this week', { from: '2026-06-08', to: '2026-06-08' }],
      ['what happened last month', { from: '2026-05-01', to: '2026-05-31' }],
      ['outage in May', { from: '2026-05-01', to: '2026-05-31' }],
      ['outage in Dec', { from: '2025-12-01', to: '2025-12-31' }],
      ['during march 2024', { from: '2024-03-01', to: '2024-03-31' }],
      ['since April', { from: '2026-04-01' }],
      ['yesterday', { from: '2026-06-07', to: '2026-06-07' }],
      ['the last 30 days', { from: '2026-05-09', to: '2026-06-08' }],
      ['in 2025', { from: '2025-01-01', to: '2025-12-31' }],
    ])('"%s" → %j', (q, range) => {
      const { said: _said, ...dates } = readQuery(q, now).dates!;
      expect(dates).toEqual(range);
    });

    it('takes the date words out of the terms', () => {
      const reading = readQuery('what did we decide about hiring in May', now);
      expect(reading.terms).toBe('hiring');
      expect(reading.dates?.said).toBe('in May');
    });

    it('reads no date from a word that only looks like one ("may" as a verb)', () => {
      expect(readDates('we may rotate keys', now)).toBeUndefined();
    });
  });

  describe('people → filters', () => {
    it('reads an @handle', () => {
      const reading = readQuery('what did @dana decide about hiring', now);
      expect(reading.people).toEqual([{ handle: 'dana', said: '@dana' }]);
      expect(reading.terms).toBe('hiring');
    });

    it("reads a possessive name (Dana's)", () => {
      const reading = readQuery("Dana's actions on vendor keys", now);
      expect(reading.people).toEqual([{ name: 'Dana', said: "Dana's" }]);
      expect(reading.terms).toBe('vendor keys');
      expect(reading.types).toEqual(['action']);
    });

    it('reads a possessive with a curly apostrophe', () => {
      expect(readQuery('Ravi’s comments', now).people).toEqual([{ name: 'Ravi', said: "Ravi's" }]);
    });

    it('leaves an e-mail address alone', () => {
      expect(readQuery('mail from ops@example.com', now).people).toEqual([]);
    });
  });

  it('says a question was read as one, so rare words are kept longest', () => {
    expect(readQuery('what did we decide about key rotation', now).natural).toBe(true);
  });
});

describe('describeTypes', () => {
  it('names types as the page shows them', () => {
    expect(describeTypes(['decision'])).toBe('decisions');
    expect(describeTypes(['comment', 'discussion'])).toBe('comments and discussions');
    expect(describeTypes([])).toBe('');
  });
});
