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
