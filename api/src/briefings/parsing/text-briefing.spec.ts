import { canonicalProblems } from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { parseBriefings } from './index.js';

function parseOne(text: string) {
  const briefings = parseBriefings(text, 'text');
  expect(briefings).toHaveLength(1);
  expect(canonicalProblems(briefings[0])).toEqual([]);
  return briefings[0];
}

const header = 'Daily Sync: May 7, 2026\n\nMay 7, 2026 · By Jane Doe · 6 min read\n\n';

describe('text briefings: awkward layouts', () => {
  it('reads a section with no prompt and one whose prompt stands alone', () => {
    const sut = parseOne(
      `${header}Tech News\n\n• One. Two.\n\nOpen Questions\n\nDiscussion: Should we?\n\nMarkets\n\n• Up. Then down.\n`,
    );
    expect(
      sut.sections.map((s) => [s.heading, s.items.length, s.discussion?.prompt ?? null]),
    ).toEqual([
      ['Tech News', 1, null],
      ['Open Questions', 0, 'Should we?'],
      ['Markets', 1, null],
    ]);
  });

  it('accepts the other prompt spellings and joins a prompt that runs over two paragraphs', () => {
    const sut = parseOne(
      `${header}A\n\n• Item one.\n\nDiscuss: First part.\n\nSecond part.\n\nB\n\n• Item two.\n\nDiscussion — Dash prompt.\n`,
    );
    expect(sut.sections.map((s) => s.discussion?.prompt)).toEqual([
      'First part.\n\nSecond part.',
      'Dash prompt.',
    ]);
  });

  it('reads a "Discussion" heading line as the prompt of the section above', () => {
    const sut = parseOne(
      `${header}News\n\n• One. Two.\n\nDiscussion\n\nWhere do we stand?\n\nMarkets\n\n• Up. Down.\n`,
    );
    expect(
      sut.sections.map((s) => [s.heading, s.items.length, s.discussion?.prompt ?? null]),
    ).toEqual([
      ['News', 1, 'Where do we stand?'],
      ['Markets', 1, null],
    ]);
  });

  it('reads every bullet style and numbered items', () => {
    const markers = ['•', '-', '*', '–', '·', '1.', '2)', '◦'];
    const sut = parseOne(
      `${header}Items\n\n${markers.map((m, i) => `${m} Lead ${i}. Body ${i}.`).join('\n')}\n`,
    );
    expect(sut.sections[0].items.map((item) => [item.title, item.body])).toEqual(
      markers.map((_m, i) => [`Lead ${i}`, `Body ${i}.`]),
    );
  });

  it('gives a one-sentence bullet a null body and never a trailing period', () => {
    const sut = parseOne(
      `${header}Items\n\n• Only one sentence here.\n• Ends with dots...\n• Asks a question? Yes.\n`,
    );
    expect(sut.sections[0].items).toEqual([
      { title: 'Only one sentence here', body: null, url: null, links: [] },
      { title: 'Ends with dots', body: null, url: null, links: [] },
      { title: 'Asks a question?', body: 'Yes.', url: null, links: [] },
    ]);
  });

  it('reads the meta line in its other spellings', () => {
    const layouts: [string, Partial<Record<string, unknown>>][] = [
      ['May 7, 2026By The CTO6 min read', { author: 'The CTO', readingMinutes: 6 }],
      ['7 May 2026 | By Jane Doe | 12 min read', { author: 'Jane Doe', readingMinutes: 12 }],
      ['2026-05-07 — 3 minute read', { author: null, readingMinutes: 3 }],
      [
        'Published Thursday, May 7, 2026 by Ana María López',
        { author: 'Ana María López', readingMinutes: null },
      ],
    ];
    for (const [meta, expected] of layouts) {
      const sut = parseOne(`Morning Notes\n\n${meta}\n\nNews\n\n• Item. Body.\n`);
      expect({
        publishedOn: sut.publishedOn,
        author: sut.author,
        readingMinutes: sut.readingMinutes,
      }).toEqual({
        publishedOn: '2026-05-07',
        ...expected,
      });
      expect(sut.slug).toBe('morning-notes-2026-05-07');
      expect(sut.series).toBeNull();
    }
  });

  it('takes the date from the title when there is no meta line', () => {
    const sut = parseOne(
      'Weekly Platform Review — 2026-05-04\n\nSummary line.\n\nReliability\n\n- Fixed. Yes.\n',
    );
    expect(sut).toMatchObject({
      series: 'Weekly Platform Review',
      publishedOn: '2026-05-04',
      slug: 'weekly-platform-review-2026-05-04',
      summary: 'Summary line.',
    });
  });

  it('reads related reading without "Read more →" lines as title / description pairs', () => {
    const sut = parseOne(
      `${header}Further Reading\n\nFirst Title\n\nFirst description.\n\nSecond Title\n\nSecond description.\n`,
    );
    expect(sut.sections[0].kind).toBe('related');
    expect(sut.sections[0].items).toEqual([
      { title: 'First Title', body: 'First description.', url: null, links: [] },
      { title: 'Second Title', body: 'Second description.', url: null, links: [] },
    ]);
  });

  it('treats a section whose entries end in "Read more →" as related whatever its heading', () => {
    const sut = parseOne(`${header}More From Us\n\nA Headline\n\nIts teaser.\n\nRead more →\n`);
    expect(sut.sections[0]).toMatchObject({ heading: 'More From Us', kind: 'related' });
    expect(sut.sections[0].items.map((item) => item.title)).toEqual(['A Headline']);
  });

  it('keeps a takeaway with bullets as items and a prose section as one item per paragraph', () => {
    const sut = parseOne(
      `${header}Key Takeaways\n\n• Power matters. A lot.\n\nOne to Watch\n\nAgents go to production. Guardrails follow.\n`,
    );
    expect(sut.sections.map((s) => [s.kind, s.items.map((item) => item.title)])).toEqual([
      ['items', ['Power matters']],
      ['items', ['Agents go to production']],
    ]);
  });

  it('joins hard-wrapped bullets and paragraphs', () => {
    const sut = parseOne(
      `${header}Wrapped summary that goes on and on across the line\nand continues here.\n\nNews\n\n• Lead sentence here. Body that wraps\n  onto a second line.\n`,
    );
    expect(sut.summary).toBe(
      'Wrapped summary that goes on and on across the line and continues here.',
    );
    expect(sut.sections[0].items[0].body).toBe('Body that wraps onto a second line.');
  });

  it('parses 50 KB items without losing text and keeps titles short', () => {
    const sentence = 'The grid operator extended the moratorium on new connections again. ';
    const longBody = sentence.repeat(Math.ceil(50_000 / sentence.length));
    const runOn = 'word '.repeat(10_000);
    const sut = parseOne(`${header}Long\n\n• Huge item. ${longBody}\n• ${runOn}\n`);
    const [huge, runOnItem] = sut.sections[0].items;
    expect(huge.title).toBe('Huge item');
    expect(huge.body!.length).toBeGreaterThan(49_000);
    expect(runOnItem.title.length).toBeLessThanOrEqual(201);
    expect(runOnItem.title.endsWith('…')).toBe(true);
    expect(runOnItem.body).toBe(runOn.trim());
  });

  it('splits two glued briefings only at a second title with its meta line', () => {
    const first = `${header}News\n\n• Item. Body.\n\nThe Week Ahead\n\nMay 12, 2026\n\nLater body paragraph.\n`;
    expect(parseBriefings(first)).toHaveLength(1);
    const glued = `${first}Daily Sync: May 8, 2026\nMay 8, 2026By The CTO3 min read\n\nNews\n\n• Other. Body.\n`;
    expect(parseBriefings(glued).map((b) => b.slug)).toEqual([
      'daily-sync-2026-05-07',
      'daily-sync-2026-05-08',
    ]);
  });

  it('drops cookie banners and other page chrome wherever they are', () => {
    const sut = parseOne(
      `Skip to main content\nMenu\nWe use cookies to make this site work.\nAccept all\n\n${header}News\n\nShare\n\n• Item. Body.\n\nBack to top\n`,
    );
    expect(JSON.stringify(sut)).not.toMatch(/cookie|Accept|Share|Back to top|Menu/);
  });

  it('transliterates non-Latin titles into the slug and keeps their text', () => {
    const sut = parseOne(
      'Сводка: 7 мая\n\n2026-05-07\n\nНовости\n\n• Рынки растут. Нефть дешевеет.\n',
    );
    expect(sut).toMatchObject({ title: 'Сводка: 7 мая', slug: 'svodka-7-maya-2026-05-07' });
    expect(sut.sections[0].items[0]).toEqual({
      title: 'Рынки растут',
      body: 'Нефть дешевеет.',
      url: null,
      links: [],
    });
  });
});

describe('text briefings with header lines', () => {
  it('reads Pelican-style header lines instead of refusing the document', () => {
    const sut = parseOne(
      'Title: Ops Notes 12\nDate: 2026-05-04\nAuthor: Jane Doe\nTags: ops, on-call\n\nA quiet week.\n\nIncidents\n\n• Queue backlog cleared. Took four hours. See https://status.example/1 and https://status.example/2.\n',
    );
    expect(sut).toMatchObject({
      title: 'Ops Notes 12',
      publishedOn: '2026-05-04',
      author: 'Jane Doe',
      tags: ['ops', 'on-call'],
      summary: 'A quiet week.',
    });
    expect(sut.sections[0].items[0]).toMatchObject({
      title: 'Queue backlog cleared',
      links: ['https://status.example/1', 'https://status.example/2'],
    });
  });

  it('leaves a title line that merely has a colon to the text reader', () => {
    const sut = parseOne(`${header}Note: read this\n\nTech News\n\n• One. Two.\n`);
    expect(sut.title).toBe('Daily Sync: May 7, 2026');
  });
});
