import {
  allStrings,
  canonicalProblems,
  documentFixtures,
  expectBriefing,
  type ExpectedBriefing,
  readExpected,
  readFixture,
} from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { parseBriefings, type SourceFormat, sniffFormat } from './index.js';

const FORMATS: Record<string, SourceFormat> = {
  'daily-sync-2026-05-07.txt': 'text',
  'platform-weekly-2026-05-04.md': 'markdown',
  'saved-page-2026-05-06.html': 'html',
  'canonical-2026-05-05.json': 'json',
  'briefings.rss.xml': 'feed',
  'briefings.atom.xml': 'feed',
  'weekly-platform-review-2026-05-04.txt': 'text',
  'two-glued-briefings.txt': 'text',
  'multilingual-2026-05-08.txt': 'text',
};

function expectedFor(fixture: string): ExpectedBriefing[] {
  const expected = readExpected(fixture.replace(/\.(txt|md|html|json|xml)$/, '.expected.json'));
  return Array.isArray(expected) ? expected : [expected];
}

describe('briefing fixtures in every format', () => {
  it('has a format and an expected structure for every fixture', () => {
    expect(documentFixtures()).toEqual(Object.keys(FORMATS).sort());
  });

  describe.each(Object.entries(FORMATS))('%s', (fixture, format) => {
    const content = readFixture(fixture);

    it(`is sniffed as ${format}`, () => {
      expect(sniffFormat(content)).toBe(format);
    });

    it('gives the expected briefings, sniffed or told the format', () => {
      const sut = parseBriefings(content);
      const expected = expectedFor(fixture);
      expect(sut.map((b) => b.title)).toEqual(expected.map((b) => b.title));
      sut.forEach((briefing, index) => expectBriefing(briefing, expected[index]));
      expect(parseBriefings(content, format)).toEqual(sut);
    });

    it('satisfies the canonical schema', () => {
      for (const briefing of parseBriefings(content))
        expect(canonicalProblems(briefing)).toEqual([]);
    });
  });
});

describe('a whole saved HTML page', () => {
  const [sut] = parseBriefings(readFixture('saved-page-2026-05-06.html'));

  it('keeps nothing of the navigation, banners, scripts, styles, embeds, comments or footers', () => {
    const leaks = allStrings(sut).filter((text) =>
      /LEAK|<|>|javascript:|onclick|pixel|tracker/i.test(text),
    );
    expect(leaks).toEqual([]);
    const everything = allStrings(sut).join('\n');
    for (const chrome of ['Skip to main content', 'The CTO Desk', 'Accept all', 'Subscribe', '©']) {
      expect(everything).not.toContain(chrome);
    }
  });

  it('reads metadata from the byline and meta tags, and the summary from the lede', () => {
    expect(sut).toMatchObject({ author: 'The CTO', readingMinutes: 4, publishedOn: '2026-05-06' });
    expect(sut.summary).not.toContain('Meta description');
  });

  it('resolves relative links against the canonical address and drops javascript: links', () => {
    const related = sut.sections.find((s) => s.kind === 'related')!;
    expect(related.items[1].url).toBe('https://cto.example.com/briefings/agents');
    const audit = sut.sections[0].items[1];
    expect(audit.url).toBeNull();
  });
});

describe('a Markdown briefing with front matter', () => {
  const [sut] = parseBriefings(readFixture('platform-weekly-2026-05-04.md'));

  it('keeps no markup, script or unsafe link', () => {
    const leaks = allStrings(sut).filter((text) =>
      /[<>*#]|alert|javascript:|cookie|pixel|\]\(/.test(text),
    );
    expect(leaks).toEqual([]);
  });

  it('lets the front matter win over the byline and turns "5 min" into minutes', () => {
    expect(sut).toMatchObject({ author: 'Jane Doe', readingMinutes: 5, series: 'Platform Weekly' });
  });

  it('refuses executable front matter instead of running it', () => {
    const evil = "---js\n{ title: (globalThis.__briefroomPwned = 'yes') }\n---\n# T\n";
    expect(() => parseBriefings(evil)).toThrow(expect.objectContaining({ reason: 'MALFORMED' }));
    expect((globalThis as Record<string, unknown>).__briefroomPwned).toBeUndefined();
  });
});

describe('feeds', () => {
  it('reads both RSS entries with the entry fields filling missing metadata', () => {
    const sut = parseBriefings(readFixture('briefings.rss.xml'));
    expect(sut.map((b) => [b.publishedOn, b.author])).toEqual([
      ['2026-05-11', 'The CTO'],
      ['2026-05-12', 'The CTO'],
    ]);
    expect(allStrings(sut).filter((text) => /alert|<|CDATA/.test(text))).toEqual([]);
  });

  it('imports an entry without sections as one section on the whole piece, dated as given', () => {
    const rss = readFixture('briefings.rss.xml').replace(
      '<item>',
      '<item><title>Office closed on Friday</title><description>See you Monday.</description></item><item>',
    );
    const sut = parseBriefings(rss, undefined, { defaultDate: '2026-05-10' });
    expect(sut.map((b) => b.title)).toEqual([
      'Office closed on Friday',
      'Daily Sync: May 11, 2026',
      'Daily Sync: May 12, 2026',
    ]);
    expect(sut[0]).toMatchObject({
      publishedOn: '2026-05-10',
      assumed: ['sections', 'publishedOn'],
      sections: [
        {
          heading: 'Office closed on Friday',
          kind: 'takeaway',
          body: 'See you Monday.',
          items: [],
          discussion: { prompt: 'What should we take from “Office closed on Friday”?' },
        },
      ],
    });
    expect(sut[1].assumed).toBeUndefined();
  });
});
