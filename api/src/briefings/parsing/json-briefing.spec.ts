import { parseBriefings } from './index.js';

const valid = {
  title: 'Daily Sync: May 5, 2026',
  publishedOn: '2026-05-05',
  sections: [{ heading: 'Tech News', items: [{ title: 'One.' }] }],
};

function messageFor(value: unknown): string {
  try {
    parseBriefings(JSON.stringify(value), 'json');
  } catch (error) {
    return `${(error as { reason: string }).reason}: ${(error as Error).message}`;
  }
  return 'accepted';
}

describe('canonical JSON briefings', () => {
  it('fills what the canonical shape leaves out and strips trailing periods', () => {
    const [sut] = parseBriefings(JSON.stringify(valid));
    expect(sut).toEqual({
      title: 'Daily Sync: May 5, 2026',
      slug: 'daily-sync-2026-05-05',
      series: 'Daily Sync',
      publishedOn: '2026-05-05',
      author: null,
      readingMinutes: null,
      tags: [],
      summary: null,
      sections: [
        {
          heading: 'Tech News',
          kind: 'items',
          body: null,
          items: [{ title: 'One', body: null, url: null, links: [] }],
          discussion: null,
        },
      ],
    });
  });

  it('keeps every link of an item, the url first, without repeats or unsafe ones', () => {
    const item = {
      title: 'Two',
      url: 'https://a.example/1',
      links: ['https://b.example/2', 'https://a.example/1', 'javascript:alert(1)'],
    };
    const withLinks = { ...valid, sections: [{ heading: 'Tech News', items: [item] }] };
    const [sut] = parseBriefings(JSON.stringify(withLinks));
    expect(sut.sections[0].items[0]).toMatchObject({
      url: 'https://a.example/1',
      links: ['https://a.example/1', 'https://b.example/2'],
    });
    expect(() =>
      parseBriefings(
        JSON.stringify({
          ...withLinks,
          sections: [{ heading: 'H', items: [{ ...item, links: [3] }] }],
        }),
      ),
    ).toThrow(/links\[0\]/);
  });

  it('accepts several briefings as an array or under "briefings"', () => {
    const second = { ...valid, publishedOn: '2026-05-06', title: 'Daily Sync: May 6, 2026' };
    expect(parseBriefings(JSON.stringify([valid, second]))).toHaveLength(2);
    expect(
      parseBriefings(JSON.stringify({ briefings: [valid, second] })).map((b) => b.slug),
    ).toEqual(['daily-sync-2026-05-05', 'daily-sync-2026-05-06']);
  });

  it.each([
    [
      { ...valid, sections: [{ heading: 'A', items: [] }, { heading: 'B' }, { items: [] }] },
      'MALFORMED: sections[2].heading is missing.',
    ],
    [
      { ...valid, publishedOn: '05/07/2026' },
      'MALFORMED: publishedOn must be a date like 2026-05-07.',
    ],
    [
      { ...valid, publishedOn: '2026-02-30' },
      'MALFORMED: publishedOn must be a date like 2026-05-07.',
    ],
    [{ ...valid, title: 7 }, 'MALFORMED: title must be a string.'],
    [
      { ...valid, slug: 'Not A Slug' },
      'MALFORMED: slug must be lowercase words joined by hyphens, like daily-sync-2026-05-07.',
    ],
    [
      { ...valid, readingMinutes: 0 },
      'MALFORMED: readingMinutes must be a whole number of at least 1, or null.',
    ],
    [{ ...valid, tags: ['ok', 3] }, 'MALFORMED: tags[1] must be a string.'],
    [
      { ...valid, sections: [{ heading: 'A', kind: 'news' }] },
      'MALFORMED: sections[0].kind must be one of items, takeaway, related.',
    ],
    [
      { ...valid, sections: [{ heading: 'A', items: [{ title: '...' }] }] },
      'MALFORMED: sections[0].items[0].title is empty.',
    ],
    [
      { ...valid, sections: [{ heading: 'A', discussion: 'why?' }] },
      'MALFORMED: sections[0].discussion must be an object with a prompt, or null.',
    ],
    [
      { ...valid, sections: [{ heading: 'A', discussion: { prompt: ' ' } }] },
      'MALFORMED: sections[0].discussion.prompt is empty.',
    ],
    [
      { briefings: [valid, { ...valid, sections: 'none' }] },
      'MALFORMED: briefings[1].sections must be an array.',
    ],
    [{ sections: [] }, 'NO_STRUCTURE: The JSON briefing has no title, publishedOn and sections.'],
    [[valid, { ...valid, title: '' }], 'NO_STRUCTURE: [1] has no title.'],
    [
      'just a string',
      'MALFORMED: The JSON briefing must be an object with title, publishedOn and sections.',
    ],
    [[], 'MALFORMED: The JSON array holds no briefing.'],
  ])('rejects %j with a message naming the field', (value, message) => {
    expect(messageFor(value)).toBe(message);
  });
});
