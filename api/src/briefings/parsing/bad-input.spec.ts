import { BriefingParseError, parseBriefings, type SourceFormat } from './index.js';

function failure(content: string, format?: SourceFormat): BriefingParseError {
  try {
    parseBriefings(content, format);
  } catch (error) {
    expect(error).toBeInstanceOf(BriefingParseError);
    return error as BriefingParseError;
  }
  throw new Error('parseBriefings accepted the document');
}

const ONE_SENTENCE = /^[A-Z][^\n]*[.)]$/;

describe('parseBriefings on bad input', () => {
  it.each(['', '   \n\t\r\n  '])('calls %j empty', (content) => {
    const error = failure(content);
    expect(error).toMatchObject({
      reason: 'EMPTY',
      message: 'The document is empty.',
      missing: [],
    });
  });

  it('calls NUL bytes and mostly-control content binary', () => {
    expect(failure('%PDF-1.7\u0000\u0000binary').reason).toBe('BINARY');
    const decodedZip = Buffer.from([
      0x50, 0x4b, 3, 4, 20, 0, 8, 8, 0x9c, 0xff, 0xfe, 1, 2, 3, 4, 5,
    ]).toString('utf8');
    expect(failure(decodedZip).reason).toBe('BINARY');
    expect(failure('\u0007'.repeat(40) + 'Title')).toMatchObject({
      reason: 'BINARY',
      message: 'The document is a binary file, not text.',
    });
  });

  it.each([
    ['{"title": "Daily Sync", "sections": [', undefined],
    ['[{"title": "x"},]', undefined],
    ['not json', 'json' as const],
  ])('calls broken JSON %j malformed, naming the problem', (content, format) => {
    const error = failure(content, format);
    expect(error.reason).toBe('MALFORMED');
    expect(error.message).toMatch(/^The JSON is malformed \(.+\)\.$/);
  });

  it.each([
    [
      '<rss version="2.0"><channel><item><title>x</title></channel></rss>',
      '</channel> closes <item>',
    ],
    ['<rss version="2.0"><channel><item><title>truncated', '<title> is never closed'],
    ['<feed><entry><content><![CDATA[ never closed', 'a CDATA section is never closed'],
    ['<rss><channel></channel></rss><rss></rss>', 'there is more than one root element'],
  ])('calls broken XML %j malformed', (content, problem) => {
    const error = failure(content);
    expect(error.reason).toBe('MALFORMED');
    expect(error.message).toBe(`The feed is not well-formed XML: ${problem}.`);
  });

  it('says when XML is not a feed', () => {
    expect(failure('<note><to>x</to></note>', 'feed')).toMatchObject({
      reason: 'MALFORMED',
      message: 'The XML is not an RSS or Atom feed.',
    });
  });

  it('imports prose with no structure as one section, assuming title, date and section', () => {
    const prose =
      'We met on Tuesday and talked about many things, none of which were written down properly. ' +
      'Afterwards everyone went home, and that is all there is to say about it.';
    const [sut] = parseBriefings(prose, undefined, { defaultDate: '2026-06-01' });
    expect(sut).toMatchObject({
      title: 'We met on Tuesday and talked about many things, none of which…',
      publishedOn: '2026-06-01',
      assumed: ['title', 'sections', 'publishedOn'],
      summary: null,
      sections: [{ kind: 'takeaway', body: prose, items: [] }],
    });
    expect(sut.sections[0].discussion?.prompt).toMatch(/^What should we take from “We met/);
  });

  it.each([
    ['Daily Sync\n\nNews\n\n• Item. Body.', ['publishedOn']],
    ['Daily Sync: May 7, 2026\n\nJust one paragraph of prose.', ['sections']],
    ['May 7, 2026\n\n• Item one. Body.', ['title', 'sections']],
  ])('assumes only what %j lacks', (content, assumed) => {
    const [sut] = parseBriefings(content, undefined, { defaultDate: '2026-06-01' });
    expect(sut.assumed).toEqual(assumed);
    expect(sut.sections.length).toBeGreaterThan(0);
  });

  it('defaults the date to today (UTC) when the importer gives none', () => {
    const [sut] = parseBriefings('Daily Sync\n\nNews\n\n• Item. Body.');
    expect(sut.publishedOn).toBe(new Date().toISOString().slice(0, 10));
  });

  it('reads headings with nothing under them as the items of the whole piece', () => {
    const [sut] = parseBriefings(
      '# Photo essay: May 7, 2026\n\n## The harbour at dawn\n\n## The market at noon\n',
    );
    expect(sut.assumed).toEqual(['sections']);
    expect(sut.sections).toHaveLength(1);
    expect(sut.sections[0].items.map((item) => item.title)).toEqual([
      'The harbour at dawn',
      'The market at noon',
    ]);
  });

  it('keeps a heading of closing marks only as written (found by the property test)', () => {
    const [sut] = parseBriefings('...\n=\nDaily Sync: May 7, 2026', 'markdown');
    expect(sut.sections[0].heading).toBe('...');
    const [split] = parseBriefings('# News\n\nA.\n\n## ...\n\nWhat went on under it.\n');
    expect(split.sections.map((section) => section.heading)).toContain('...');
    expect(JSON.stringify(split.sections)).toContain('What went on under it');
  });

  it('reads a short line of words under a title as the text when it is all there is', () => {
    const [sut] = parseBriefings('# Title\n\nbody text here', 'markdown');
    expect(sut.sections[0].body).toBe('body text here');
    expect(sut.tags).toEqual([]);
    const [tagged] = parseBriefings('# Title\n\nai, infra\n\nThe team met on Monday.\n');
    expect(tagged.tags).toEqual(['ai', 'infra']);
  });

  it('never reads a list item as the tag line', () => {
    const [sut] = parseBriefings('# Notes: May 7, 2026\n\n- ai, infra\n\n## News\n\n- **A.** B.\n');
    expect(sut.tags).toEqual([]);
  });

  it('refuses a document with no readable text, saying what it looked for', () => {
    for (const content of ['<html><body><nav></nav><p> </p></body></html>', '<div><br/></div>']) {
      const error = failure(content, 'html');
      expect(error).toMatchObject({ reason: 'NO_STRUCTURE', missing: ['sections'] });
      expect(error.message).toMatch(
        /^No readable text was found: looked for .*headings, paragraphs and list items/,
      );
    }
  });

  it('reads a Markdown document without headings and reports front matter errors', () => {
    const [titleOnly] = parseBriefings('# Title only\n\nNo date, no sections.');
    expect(titleOnly).toMatchObject({ title: 'Title only', assumed: ['sections', 'publishedOn'] });
    const badYaml = failure('---\ntitle: [unclosed\n---\n# T\n');
    expect(badYaml.reason).toBe('MALFORMED');
    expect(badYaml.message).toMatch(/^The front matter is not valid YAML \(.+\)\.$/);
  });

  it('keeps navigation out of an HTML page read as one piece', () => {
    const [sut] = parseBriefings('<html><body><nav>Home</nav><p>Nothing here.</p></body></html>');
    expect(JSON.stringify(sut)).not.toContain('Home');
    expect(sut.sections[0].body).toBe('Nothing here.');
  });

  it('reads a single-entry feed and reports a feed with no entries', () => {
    const [note] = parseBriefings(
      '<rss version="2.0"><channel><item><title>Hi</title><description>Just a note.</description></item></channel></rss>',
    );
    expect(note).toMatchObject({ title: 'Hi', sections: [{ body: 'Just a note.' }] });
    expect(failure('<rss version="2.0"><channel></channel></rss>')).toMatchObject({
      reason: 'NO_STRUCTURE',
      message: 'The feed has no entries.',
    });
  });

  it('writes every message as one sentence', () => {
    const messages = [
      failure(''),
      failure('\u0000'),
      failure('{"a":'),
      failure('<rss><x></rss>'),
      failure('<p></p>', 'html'),
      failure('{"title": "T"}'),
    ].map((error) => error.message);
    for (const message of messages) expect(message).toMatch(ONE_SENTENCE);
  });

  it('survives values a JavaScript caller could pass', () => {
    expect(failure(undefined as unknown as string).reason).toBe('EMPTY');
    expect(failure(42 as unknown as string).reason).toBe('EMPTY');
    const unknownFormat = parseBriefings(
      'Daily Sync: May 7, 2026\n\nNews\n\n• A. B.',
      'pdf' as SourceFormat,
    );
    expect(unknownFormat).toHaveLength(1);
  });
});
