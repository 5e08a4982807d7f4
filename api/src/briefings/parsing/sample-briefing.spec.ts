import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BRIEFING_FIXTURES,
  canonicalProblems,
  expectBriefing,
  type ExpectedBriefing,
  readExpected,
  readFixture,
} from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { parseBriefings, sniffFormat } from './index.js';

const SAMPLE = 'daily-sync-2026-05-07.txt';
const repoRoot = resolve(__dirname, '../../../..');
const sharedSample = resolve(repoRoot, '../shared/fixtures/briefings', SAMPLE);

describe('the daily sync sample (text copied from the web page)', () => {
  const sample = readFixture(SAMPLE);
  const expected = readExpected<ExpectedBriefing>('daily-sync-2026-05-07.expected.json');
  const [sut] = parseBriefings(sample);

  it('is the shared fixture byte for byte', () => {
    if (!existsSync(sharedSample)) return;
    expect(readFileSync(join(BRIEFING_FIXTURES, SAMPLE)).equals(readFileSync(sharedSample))).toBe(
      true,
    );
  });

  it('is sniffed as text and gives exactly one briefing', () => {
    expect(sniffFormat(sample)).toBe('text');
    expect(parseBriefings(sample)).toHaveLength(1);
    expect(parseBriefings(sample, 'text')).toEqual([sut]);
  });

  it('matches the expected structure field by field', () => {
    expectBriefing(sut, expected);
    expect(sut.slug).toBe('daily-sync-2026-05-07');
    expect(canonicalProblems(sut)).toEqual([]);
  });

  it('starts each item body right after the lead sentence', () => {
    const [techNews, geopolitics] = sut.sections;
    expect(techNews.items[0].body).toMatch(/^TSMC is leaning heavily into wind power/);
    expect(techNews.items[0].body).toMatch(/not afterthoughts\.$/);
    expect(techNews.items[1].body).toMatch(/^Google announced an 8th‑gen TPU/);
    expect(geopolitics.items[0].body).toMatch(/^Reports that Iran is considering/);
    for (const section of sut.sections.filter((s) => s.kind === 'items')) {
      for (const item of section.items) expect(item.body).not.toBeNull();
    }
  });

  it('keeps non-breaking hyphens, curly quotes, dashes and arrows exactly', () => {
    const [techNews, , industry] = sut.sections;
    expect(techNews.items[1].body).toContain('future\u2011token prediction');
    expect(techNews.items[1].body).toContain('\u201cmanaged agents\u201d');
    expect(techNews.items[0].body).toContain('Microsoft\u2019s rapid AI');
    expect(techNews.discussion?.prompt).toContain('key\u2011rotation');
    expect(industry.items[1].title).toBe(
      'Cloudflare, Figma, LinkedIn, Netflix show \u2018quiet infra\u2019 as differentiator',
    );
    expect(sut.sections[1].items[0].title).toBe(
      'US\u2013Iran truce hopes ease energy and inflation fears',
    );
    expect(industry.discussion?.prompt).toContain('infra\u2014caching');
  });

  it('drops the page chrome and the "Read more →" lines', () => {
    const text = JSON.stringify(sut);
    expect(text).not.toContain('Skip to main content');
    expect(text).not.toContain('Read more');
    expect(sut.summary).toBe(expected.summary);
  });

  it('reads the takeaway as prose and the related reading as title plus description', () => {
    const takeaway = sut.sections.find((s) => s.kind === 'takeaway')!;
    expect(takeaway.items).toEqual([]);
    expect(takeaway.body).toMatch(
      /^The throughline today is that AI is no longer a discrete capability/,
    );
    expect(takeaway.body).toMatch(/still ship reliably\.$/);
    const related = sut.sections.find((s) => s.kind === 'related')!;
    expect(related.items[0].body).toMatch(/^CTOs are entering a phase where resilience/);
    expect(related.items[3].body).toBe(
      'AI is shifting from pilots to an operational layer that changes org design and core architecture, while transparency and security obligations harden in parallel.',
    );
    expect(related.items.every((item) => item.url === null)).toBe(true);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads the same with %s line ends', (_name, lineEnd) => {
    expect(parseBriefings(sample.replace(/\n/g, lineEnd))).toEqual([sut]);
  });

  it('reads the same with a byte order mark, trailing spaces and tabs', () => {
    const noisy = `\uFEFF${sample.replace(/\n/g, ' \t\n')}\n\n`;
    expect(parseBriefings(noisy)).toEqual([sut]);
  });

  it('reads the same when the copy lost its blank lines', () => {
    const dense = sample.replace(/\n\s*\n/g, '\n');
    const [briefing] = parseBriefings(dense);
    expectBriefing(briefing, expected);
  });
});
