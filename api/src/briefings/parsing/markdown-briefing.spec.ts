import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { canonicalProblems } from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { parseBriefings } from './index.js';

function parseOne(markdown: string) {
  const briefings = parseBriefings(markdown, 'markdown');
  expect(briefings).toHaveLength(1);
  expect(canonicalProblems(briefings[0])).toEqual([]);
  return briefings[0];
}

describe('Markdown briefings', () => {
  it('reads a briefing without front matter from its # title, date line and ### sections', () => {
    const sut = parseOne(
      '# Daily Sync: May 7, 2026\n\n_May 7, 2026 · By The CTO · 6 min read_\n\n`daily-sync`\n\nThe summary.\n\n' +
        '### Tech News\n\n* Lead one. Body one.\n* Lead two\n\n**Discuss:** Why?\n\n### TL;DR\n\nShort version.\n',
    );
    expect(sut).toMatchObject({
      author: 'The CTO',
      readingMinutes: 6,
      tags: ['daily-sync'],
      summary: 'The summary.',
    });
    expect(sut.sections).toEqual([
      {
        heading: 'Tech News',
        kind: 'items',
        body: null,
        items: [
          { title: 'Lead one', body: 'Body one.', url: null, links: [] },
          { title: 'Lead two', body: null, url: null, links: [] },
        ],
        discussion: { prompt: 'Why?' },
      },
      { heading: 'TL;DR', kind: 'takeaway', body: 'Short version.', items: [], discussion: null },
    ]);
  });

  it('folds nested lists, loose list paragraphs and tables into text', () => {
    const sut = parseOne(
      '---\ntitle: Notes\ndate: "7 May 2026"\n---\n\n## Items\n\n- **Parent.** Intro.\n\n  Second paragraph.\n\n  - child one\n  - child two\n\n' +
        '## Numbers\n\n| Metric | Value |\n| --- | --- |\n| p99 | 120 ms |\n',
    );
    expect(sut.publishedOn).toBe('2026-05-07');
    expect(sut.sections[0].items).toEqual([
      {
        title: 'Parent',
        body: 'Intro. Second paragraph. child one child two',
        url: null,
        links: [],
      },
    ]);
    expect(sut.sections[1].items.map((item) => item.title)).toEqual([
      'Metric | Value',
      'p99 | 120 ms',
    ]);
  });

  it('takes a link that leads an item as its title and keeps only safe URLs', () => {
    const sut = parseOne(
      '# Links: 2026-05-07\n\n## Related\n\n- [Safe](https://example.com/a) — teaser\n- [Unsafe](javascript:alert(1)) — teaser\n- [Data](data:text/html,x)\n',
    );
    expect(sut.sections[0].items).toEqual([
      {
        title: 'Safe',
        body: 'teaser',
        url: 'https://example.com/a',
        links: ['https://example.com/a'],
      },
      { title: 'Unsafe', body: 'teaser', url: null, links: [] },
      { title: 'Data', body: null, url: null, links: [] },
    ]);
  });

  it('reads a ### Discussion sub-heading as the prompt, not as an item', () => {
    const sut = parseOne(
      '# Notes: 2026-05-07\n\n## News\n\n- One. Two.\n\n### Discussion\n\nWhat now?\n',
    );
    expect(sut.sections[0].items.map((item) => item.title)).toEqual(['One']);
    expect(sut.sections[0].discussion).toEqual({ prompt: 'What now?' });
  });

  it('reports front matter that is not YAML as malformed', () => {
    expect(() => parseBriefings('---\n: : :\n  - [\n---\n# T\n')).toThrow(
      expect.objectContaining({ reason: 'MALFORMED' }),
    );
  });
});

describe('Markdown header metadata', () => {
  it('reads TOML front matter (Hugo, Zola): title, date, taxonomies, extra and authors', () => {
    const sut = parseOne(
      '+++\ntitle = "This Month in Rust OSDev (April 2020)"\ndate = 2020-05-06\n\n[taxonomies]\ntags = ["osdev", "Rust"]\n\n[extra]\nauthors = ["phil-opp", "IsaacWoods"]\n+++\n\nWelcome to the issue.\n\n## News\n\n- [Rust/WinRT](https://example.com/winrt) is out.\n',
    );
    expect(sut).toMatchObject({
      title: 'This Month in Rust OSDev (April 2020)',
      publishedOn: '2020-05-06',
      author: 'phil-opp, IsaacWoods',
      tags: ['osdev', 'rust'],
      summary: 'Welcome to the issue.',
    });
    expect(sut.sections[0].items[0].url).toBe('https://example.com/winrt');
  });

  it('reports TOML front matter that does not parse as malformed', () => {
    expect(() => parseBriefings('+++\ntitle = \n+++\n# T\n', 'markdown')).toThrow(
      expect.objectContaining({ reason: 'MALFORMED' }),
    );
  });

  it('signs a newsletter by its editors when no author is named (This Month in Rust OSDev)', () => {
    const sut = parseOne(
      '+++\ntitle = "This Month in Rust OSDev: June 2026"\ndate = 2026-07-07\n\n[extra]\neditors = ["phil-opp"]\n+++\n\nWelcome.\n\n## News\n\n- [uefi-rs](https://example.com/uefi) 0.36 is out.\n',
    );
    expect(sut).toMatchObject({ author: 'phil-opp', publishedOn: '2026-07-07' });
  });

  it('refuses TOML front matter past the size limit', () => {
    const long = `+++\ntitle = "${'x'.repeat(70 * 1024)}"\n+++\n# T\n`;
    expect(() => parseBriefings(long, 'markdown')).toThrow(
      expect.objectContaining({ reason: 'TOO_COMPLEX' }),
    );
  });

  it('reads Pelican header lines: Title, Date, Category, Tags, Authors, Slug, Summary', () => {
    const sut = parseOne(
      'Title: This Week in Rust 82\nDate: 2015-06-07\nCategory: This Week in Rust\nTags: Rust, weekly\nAuthors: Corey, Ann\nSlug: twir-82\nSummary: The week in Rust.\n\nHello and welcome.\n\n## Breaking Changes\n\n* Remove #[static_assert]. An underbaked feature.\n',
    );
    expect(sut).toMatchObject({
      title: 'This Week in Rust 82',
      publishedOn: '2015-06-07',
      tags: ['this-week-in-rust', 'rust', 'weekly'],
      author: 'Corey, Ann',
      slug: 'twir-82',
      summary: 'The week in Rust.',
    });
    expect(sut.sections.map((s) => s.heading)).toEqual(['Breaking Changes']);
  });

  it('reads Pelican header lines with a key it does not know beside Title and Date (Number)', () => {
    const sut = parseOne(
      'Title: This Week in Rust 654\nNumber: 654\nDate: 2026-06-03\nCategory: This Week in Rust\n\nHello and welcome.\n\n## Crate of the Week\n\n* [bool as u32](https://parsa.example/cast)\n',
    );
    expect(sut).toMatchObject({
      title: 'This Week in Rust 654',
      series: 'This Week in Rust',
      publishedOn: '2026-06-03',
      tags: ['this-week-in-rust'],
    });
    expect(sut.assumed).toBeUndefined();
  });

  it('leaves a lone unknown `Key: value` line as text', () => {
    const sut = parseOne(
      'Note: the queue is back.\nDate: 2026-06-03\n\n## News\n\n* Lead. Body.\n',
    );
    expect(sut.title).not.toBe('the queue is back.');
    expect(sut.summary).toContain('Note: the queue is back.');
  });

  it('reads a later `#` among `##` sections as one more section, and no sentence as tags', () => {
    const sut = parseOne(
      'Title: This Week in Rust 659\nNumber: 659\nDate: 2026-07-08\n\nHello and welcome.\n\n' +
        '## Updates from the Rust Project\n\n598 pull requests were merged in the last week\n\n* [bool as u32](https://parsa.example/cast)\n\n' +
        '# Quote of the Week\n\n> if a ptr is dereferenced in a forest and nobody hears it, is it sound?\n',
    );
    expect(sut.sections.map((s) => s.heading)).toEqual([
      'Updates from the Rust Project',
      'Quote of the Week',
    ]);
    expect(sut.tags).toEqual([]);
  });

  it('reads several `#` headings beside a stated title as sections (This Week in Rust 2019)', () => {
    const sut = parseOne(
      'Title: This Week in Rust 276\nNumber: 276\nDate: 2019-03-05\n\nHello and welcome.\n\n' +
        '# Updates from Rust Community\n\n## News & Blog Posts\n\n* [Rust 1.33](https://blog.example/133)\n\n' +
        "# Crate of the Week\n\nThis week's crate is multi_try.\n",
    );
    expect(sut).toMatchObject({ title: 'This Week in Rust 276', publishedOn: '2019-03-05' });
    expect(sut.summary).toBe('Hello and welcome.');
    expect(sut.sections.map((s) => s.heading)).toEqual([
      'Updates from Rust Community',
      'Crate of the Week',
    ]);
  });

  it('keeps every link of an item, in order and without repeats', () => {
    const sut = parseOne(
      '# Links: May 7, 2026\n\n## News\n\n- **Nu 0.12.** New [histogram](https://a.example/954) and [split-by](https://a.example/955) commands ([#954](https://a.example/954)).\n',
    );
    expect(sut.sections[0].items[0]).toMatchObject({
      url: 'https://a.example/954',
      links: ['https://a.example/954', 'https://a.example/955'],
    });
  });
});

/** Real issues of weekly newsletters (see SOURCES.md beside them). */
const REALWORLD = join(__dirname, '../../../test/fixtures/realworld');

describe('This Week in Rust issues', () => {
  const folder = join(REALWORLD, 'this-week-in-rust');
  it.each(readdirSync(folder).filter((file) => file.endsWith('.md')))('%s', (file) => {
    const content = readFileSync(join(folder, file), 'utf8');
    const number = /^Number: (\d+)$/m.exec(content)?.[1];
    const date = /^Date: (\d{4}-\d{2}-\d{2})/m.exec(content)?.[1];
    const sut = parseOne(content);
    expect(sut).toMatchObject({ series: 'This Week in Rust', publishedOn: date });
    if (number) expect(sut.title).toBe(`This Week in Rust ${number}`);
    expect(sut.assumed).toBeUndefined();
    expect(sut.tags).toEqual(['this-week-in-rust']);
    expect(sut.sections.length).toBeGreaterThanOrEqual(6);
  });
});

describe('This Week in Nushell issues', () => {
  const folder = join(REALWORLD, 'this-week-in-nushell');

  it('dates an issue by its "Published <date>" line when the front matter has none', () => {
    const sut = parseOne(readFileSync(join(folder, '2026-08-21-twin0365.md'), 'utf8'));
    expect(sut).toMatchObject({
      title: 'This week in Nushell #365',
      publishedOn: '2026-08-21',
      author: 'The Nu Authors',
    });
    expect(sut.assumed).toBeUndefined();
  });

  it('takes no tags from the bullets of an issue without sections', () => {
    const sut = parseOne(readFileSync(join(folder, '2020-10-09-twin0059.md'), 'utf8'));
    expect(sut.title).toBe('This week in Nu #59');
    expect(sut.tags).toEqual([]);
    expect(sut.sections[0].items.length).toBeGreaterThan(5);
  });
});
