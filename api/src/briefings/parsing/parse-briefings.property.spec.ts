import fc from 'fast-check';
import {
  canonicalProblems,
  documentFixtures,
  readFixture,
} from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { BriefingParseError, parseBriefings, type SourceFormat } from './index.js';

const FORMATS: SourceFormat[] = ['text', 'markdown', 'html', 'json', 'feed'];
// BRIEFING_FUZZ_SCALE=10 runs ten times as many cases when hunting bugs; 1 keeps CI near 15 s.
const SCALE = Number(process.env.BRIEFING_FUZZ_SCALE ?? 1);
const runs = (count: number) => ({ numRuns: Math.max(1, Math.round(count * SCALE)) });
const REASONS = ['EMPTY', 'BINARY', 'MALFORMED', 'NO_STRUCTURE', 'TOO_COMPLEX'];

/** The property: briefings that keep every schema promise, or a BriefingParseError — nothing else. */
function parsesOrRefuses(content: string, format?: SourceFormat): void {
  let briefings;
  try {
    briefings = parseBriefings(content, format);
  } catch (error) {
    if (!(error instanceof BriefingParseError)) throw error;
    // A cause means the last-resort wrapper caught a parser bug; the property wants none.
    if (error.cause !== undefined)
      throw new Error('a parser failed unexpectedly', { cause: error });
    if (!REASONS.includes(error.reason) || error.message.trim() === '') throw error;
    return;
  }
  if (briefings.length === 0) throw new Error('no briefing and no error');
  for (const briefing of briefings) {
    const problems = canonicalProblems(briefing);
    if (problems.length > 0) throw new Error(`schema broken: ${problems.join('; ')}`);
  }
}

const format = fc.option(fc.constantFrom(...FORMATS), { nil: undefined });

// Pieces of real briefings in every format, so random documents hit the parsers' branches.
const PIECES = [
  'Daily Sync: May 7, 2026',
  'May 7, 2026By The CTO6 min read',
  'By Jane Doe · 4 min read',
  'daily-sync',
  'Tags: ai, infra',
  'Tech News',
  'CTO Takeaway',
  'Related Content',
  'Further reading',
  '  • Lead. Body text.',
  '- Item without period',
  '1. Numbered. Item.',
  'Discussion: Why now?',
  'Discuss —',
  'Read more →',
  '...',
  'Skip to main content',
  '',
  '',
  '# Title',
  '## Section',
  '### Sub',
  '- **Bold lead.** rest',
  '**Discussion:**',
  '[link](javascript:alert(1))',
  '---',
  'title: x',
  '<h1>T</h1>',
  '<h2>S</h2>',
  '<ul><li><strong>L.</strong> b</li></ul>',
  '<p>',
  '</p>',
  '<article>',
  '<script>x()</script>',
  '<rss version="2.0"><channel><item>',
  '</item></channel></rss>',
  '<![CDATA[',
  ']]>',
  '{"title":',
  '"sections": [',
  '}',
  ']',
  'U.S. e.g. 3.5x Inc.',
  '2026-05-07',
  '東京：2026年5月8日',
  '・項目。本文。',
  'Новости',
  '• Рынки. Нефть.',
  '\u2011\u201c\u201d\u2014',
  '\r',
  '\t',
  '\u00a0',
  '\uFFFD',
];

const structuredDocument = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    {
      maxLength: 40,
    },
  )
  .map((lines) => lines.join('\n'));

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'swap'; a: number; b: number }
  | { kind: 'flip'; a: number; b: number }
  | { kind: 'truncate'; a: number }
  | { kind: 'inject'; a: number; snippet: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const),
    a: fc.nat(),
    b: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    a: fc.nat(),
    b: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), a: fc.nat() }),
  fc.record({
    kind: fc.constant('inject' as const),
    a: fc.nat(),
    snippet: fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 12 })),
  }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let current = text;
  for (const change of mutations) {
    const lines = current.split('\n');
    switch (change.kind) {
      case 'delete':
        lines.splice(change.a % lines.length, 1);
        current = lines.join('\n');
        break;
      case 'duplicate': {
        const at = change.a % lines.length;
        lines.splice(at, 0, lines[at]);
        current = lines.join('\n');
        break;
      }
      case 'swap': {
        const [i, j] = [change.a % lines.length, change.b % lines.length];
        [lines[i], lines[j]] = [lines[j], lines[i]];
        current = lines.join('\n');
        break;
      }
      case 'flip': {
        const bytes = Buffer.from(current, 'utf8');
        if (bytes.length === 0) break;
        bytes[change.a % bytes.length] ^= change.b;
        current = new TextDecoder().decode(bytes);
        break;
      }
      case 'truncate':
        current = current.slice(0, change.a % (current.length + 1));
        break;
      case 'inject': {
        const at = change.a % (current.length + 1);
        current = current.slice(0, at) + change.snippet + current.slice(at);
        break;
      }
    }
  }
  return current;
}

const fixtures = documentFixtures().map((name) => readFixture(name));

describe('parseBriefings on any input', () => {
  it('random strings of any code points (lone surrogates, controls) — 2,500 runs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), format, (content, told) => {
        parsesOrRefuses(content);
        parsesOrRefuses(content, told);
      }),
      runs(2_500),
    );
  });

  it('random Unicode text (graphemes, any script) — 1,500 runs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), format, (content, told) => {
        parsesOrRefuses(content);
        parsesOrRefuses(content, told);
      }),
      runs(1_500),
    );
  });

  it('random documents assembled from pieces of real briefings — 2,500 runs', () => {
    fc.assert(
      fc.property(structuredDocument, format, (content, told) => {
        parsesOrRefuses(content);
        parsesOrRefuses(content, told);
      }),
      runs(2_500),
    );
  });

  it('mutated fixtures: lines deleted, duplicated, swapped, bytes flipped, truncated, markup injected — 4,000 runs', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: fixtures.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        format,
        (index, mutations, told) => {
          const content = mutate(fixtures[index], mutations);
          parsesOrRefuses(content);
          if (told) parsesOrRefuses(content, told);
        },
      ),
      runs(4_000),
    );
  });

  it.each([
    ['a megabyte of one line', 'x'.repeat(1_000_000)],
    ['a megabyte of blank lines', '\n'.repeat(1_000_000)],
    ['an unclosed tag run', '<p'.repeat(300_000)],
    [
      'a deep tree',
      `<html><body>${'<div>'.repeat(50_000)}Title${'</div>'.repeat(50_000)}</body></html>`,
    ],
    ['whitespace before bold', `**discussion${' '.repeat(300_000)}`],
    ['dots everywhere', `• ${'a. '.repeat(200_000)}`],
    ['a deep feed', `<rss version="2.0">${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}</rss>`],
    ['nested Markdown quotes', `# T\n\n${'>'.repeat(100_000)} deep`],
    ['bullets only', '• a\n'.repeat(200_000)],
    ['a JSON bomb of nesting', '['.repeat(500_000)],
  ])('copes with %s', (_name, content) => {
    parsesOrRefuses(content);
  });
});
