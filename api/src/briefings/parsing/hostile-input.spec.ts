import { BriefingParseError, parseBriefings, PARSE_LIMITS, type SourceFormat } from './index.js';

function refusal(content: string, format?: SourceFormat): BriefingParseError {
  try {
    parseBriefings(content, format);
  } catch (error) {
    expect(error).toBeInstanceOf(BriefingParseError);
    return error as BriefingParseError;
  }
  throw new Error('parseBriefings accepted the document');
}

const TITLE = 'Deep Dive: May 7, 2026';
const nested = (tag: string, depth: number, inner: string) =>
  `${`<${tag}>`.repeat(depth)}${inner}${`</${tag}>`.repeat(depth)}`;
const feed = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>${items}</channel></rss>`;
const feedItem = (title: string, description: string) =>
  `<item><title>${title}</title><description><![CDATA[${description}]]></description></item>`;
const markdownSections = (count: number, section: (index: number) => string) =>
  `# ${TITLE}\n\n${Array.from({ length: count }, (_, index) => section(index)).join('\n')}`;
const withPrompt = (index: number) =>
  `## Topic ${index}\n\n- **Item ${index}.** Body.\n\n**Discussion:** Why ${index}?\n`;
const aliasBomb = (levels: number) => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= levels; level++) {
    lines.push(
      `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `---\n${lines.join('\n')}\ntitle: Bomb\ndate: 2026-05-07\nauthor: *a${levels}\n---\n\n## News\n\n- **A.** B.\n`;
};

describe('parseBriefings on hostile documents', () => {
  it.each([
    ['HTML nested past the depth limit', nested('div', 600, 'x'), 'html'],
    ['HTML with unclosed inline tags', `<h1>${TITLE}</h1>${'<b>x'.repeat(600)}`, 'html'],
    [
      'a Markdown raw HTML block nested past the depth limit',
      `# ${TITLE}\n\n${nested('div', 600, 'x')}\n`,
      'markdown',
    ],
    [
      'a feed nested past the depth limit',
      feed(`<item><title>${TITLE}</title>${nested('x', 600, 'y')}</item>`),
      'feed',
    ],
    [
      "a feed entry's HTML nested past the depth limit",
      feed(feedItem(TITLE, `<h2>News</h2>${nested('div', 600, 'x')}`)),
      'feed',
    ],
  ] as const)('refuses %s as TOO_COMPLEX naming markupDepth', (_, content, format) => {
    expect(refusal(content, format)).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'markupDepth', max: PARSE_LIMITS.markupDepth },
      message: 'The document nests its markup more than 512 elements deep.',
    });
  });

  it('refuses HTML and feeds with more elements than the limit', () => {
    const elements = PARSE_LIMITS.markupElements + 1;
    expect(refusal(`<h1>${TITLE}</h1>${'<br>'.repeat(elements)}`, 'html')).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'markupElements', max: PARSE_LIMITS.markupElements },
      message: 'The document has more than 100,000 elements.',
    });
    expect(refusal(feed(`<item>${'<x/>'.repeat(elements)}</item>`), 'feed').limit?.name).toBe(
      'markupElements',
    );
  });

  it('reads markup right up to the depth limit', () => {
    const depth = PARSE_LIMITS.markupDepth - 10;
    const html = `<h1>${TITLE}</h1><h2>News</h2><ul><li><b>Kept.</b> ${nested('span', depth, 'deep text')}</li></ul>`;
    const [briefing] = parseBriefings(html, 'html');
    expect(briefing.sections[0].items[0]).toMatchObject({ title: 'Kept', body: 'deep text' });
  });

  it('refuses a YAML alias bomb in front matter without expanding it', () => {
    expect(refusal(aliasBomb(7), 'markdown')).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'frontMatterValues', max: PARSE_LIMITS.frontMatterValues },
    });
    // A self-referencing alias is as unbounded to a reader.
    const cycle = `---\ntitle: Loop\ndate: 2026-05-07\nauthor: &me [*me]\n---\n\n## News\n\n- **A.** B.\n`;
    expect(refusal(cycle, 'markdown').limit?.name).toBe('frontMatterValues');
  });

  it('still reads front matter that uses an alias modestly', () => {
    const modest = `---\ntitle: Aliased\ndate: 2026-05-07\nwho: &who Jane Doe\nauthor: *who\n---\n\n## News\n\n- **A.** B.\n`;
    expect(parseBriefings(modest, 'markdown')[0]).toMatchObject({ author: 'Jane Doe' });
  });

  it('refuses front matter longer than the limit', () => {
    const long = `---\ntitle: Long\ndate: 2026-05-07\nsummary: ${'x'.repeat(PARSE_LIMITS.frontMatterBytes)}\n---\n\n## News\n\n- **A.** B.\n`;
    expect(refusal(long, 'markdown')).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'frontMatterBytes' },
      message: 'The front matter is longer than 64 KB.',
    });
  });

  it('refuses briefings with more sections, items or prompts than the limits', () => {
    const prompts = PARSE_LIMITS.promptsPerBriefing + 1;
    expect(refusal(markdownSections(prompts, withPrompt), 'markdown')).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'promptsPerBriefing', max: PARSE_LIMITS.promptsPerBriefing },
      message: 'A briefing has 101 discussion prompts; at most 100 are taken.',
    });
    const sections = PARSE_LIMITS.sectionsPerBriefing + 1;
    const plain = (index: number) => `## Topic ${index}\n\n- **Item ${index}.** Body.\n`;
    expect(refusal(markdownSections(sections, plain), 'markdown').limit?.name).toBe(
      'sectionsPerBriefing',
    );
    const items = Array.from(
      { length: PARSE_LIMITS.itemsPerBriefing + 1 },
      (_, i) => `- **I${i}.** B.`,
    );
    expect(refusal(`# ${TITLE}\n\n## News\n\n${items.join('\n')}\n`, 'markdown').limit?.name).toBe(
      'itemsPerBriefing',
    );
  });

  it('refuses a feed whose entries hold more prompts in all than one import takes', () => {
    const perEntry = PARSE_LIMITS.promptsPerBriefing;
    const entries = PARSE_LIMITS.promptsPerImport / perEntry + 1;
    const items = Array.from({ length: entries }, (_, day) => {
      const sections = Array.from(
        { length: perEntry },
        (_, index) =>
          `<h2>Topic ${index}</h2><ul><li><b>Item.</b> Body.</li></ul><p>Discussion: Why ${index}?</p>`,
      );
      return feedItem(`Feed Day ${day}: May 7, 2026`, sections.join(''));
    });
    expect(refusal(feed(items.join('')), 'feed')).toMatchObject({
      reason: 'TOO_COMPLEX',
      limit: { name: 'promptsPerImport', max: PARSE_LIMITS.promptsPerImport },
    });
  });

  it('takes a briefing right at the prompt limit', () => {
    const briefings = parseBriefings(
      markdownSections(PARSE_LIMITS.promptsPerBriefing, withPrompt),
      'markdown',
    );
    expect(briefings[0].sections.filter((section) => section.discussion)).toHaveLength(100);
  });
});

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

function unstorableStrings(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [path] : [];
  if (Array.isArray(value))
    return value.flatMap((entry, i) => unstorableStrings(entry, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, entry]) =>
      unstorableStrings(entry, `${path}.${key}`),
    );
  }
  return [];
}

describe('parseBriefings on NUL bytes and lone surrogates', () => {
  it.each([
    ['text', 'Daily Sync: May 7, 2026\n\nNews\n\n• A\u0000lpha \ud800rises. Body \u0000here.\n'],
    [
      'markdown',
      '---\ntitle: "Nul\\0 Sync: May 7, 2026"\nauthor: "Jo\\ud800e"\ntags: ["a\\0b", "c\\udc00"]\n---\n\n## News\n\n- **A\u0000lpha.** Body \ud800.\n',
    ],
    [
      'html',
      '<h1>T&#0;itle \ud800: May 7, 2026</h1><h2>News</h2><ul><li><b>A&#xD800;lpha.</b> Bo\u0000dy.</li></ul>',
    ],
    [
      'json',
      JSON.stringify({
        title: 'T\u0000itle: May 7, 2026',
        publishedOn: '2026-05-07',
        author: 'A\ud800',
        tags: ['x\u0000y', 'z\udfff'],
        sections: [{ heading: 'N\u0000ews', items: [{ title: 'I\u0000tem', body: 'b\ud800' }] }],
      }),
    ],
    [
      'feed',
      feed(
        `<item><title>T&#0;itle \ud800: May 7, 2026</title><category>a\u0000b</category>` +
          `<description><![CDATA[<h2>News</h2><ul><li><b>A\u0000lpha.</b> Body \ud800.</li></ul>]]></description></item>`,
      ),
    ],
  ] as const)('leaves none in any field of %s', (format, content) => {
    const briefings = parseBriefings(content, format);
    expect(briefings).toHaveLength(1);
    expect(unstorableStrings(briefings)).toEqual([]);
    expect(briefings[0].sections.length).toBeGreaterThan(0);
  });

  it('reads a document with a stray NUL instead of calling it binary', () => {
    const [briefing] = parseBriefings(
      'Daily Sync: May 7, 2026\n\nNews\n\n• Alpha\u0000 rises. Body.\n',
    );
    expect(briefing.sections[0].items[0].title).toBe('Alpha rises');
  });
});
