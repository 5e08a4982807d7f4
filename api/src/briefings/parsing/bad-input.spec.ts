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

  it('names everything missing from prose with no structure', () => {
    const prose =
      'We met on Tuesday and talked about many things, none of which were written down properly. ' +
      'Afterwards everyone went home, and that is all there is to say about it.';
    expect(failure(prose)).toMatchObject({
      reason: 'NO_STRUCTURE',
      missing: ['title', 'publishedOn', 'sections'],
      message: 'No title line, date or section was found: this does not look like a briefing.',
    });
  });

  it.each([
    [
      'Daily Sync\n\nNews\n\n• Item. Body.',
      ['publishedOn'],
      "No date was found: expected a line like 'May 7, 2026'.",
    ],
    [
      'Daily Sync: May 7, 2026\n\nJust one paragraph of prose.',
      ['sections'],
      'No section was found: expected a short heading line followed by bullets or paragraphs.',
    ],
    [
      'May 7, 2026\n\n• Item one. Body.',
      ['title', 'sections'],
      'No title line or section was found: this does not look like a briefing.',
    ],
  ])('names the one part missing from %j', (content, missing, message) => {
    expect(failure(content)).toMatchObject({ reason: 'NO_STRUCTURE', missing, message });
  });

  it('reports a Markdown document without headings and front matter errors', () => {
    expect(failure('# Title only\n\nNo date, no sections.').reason).toBe('NO_STRUCTURE');
    const badYaml = failure('---\ntitle: [unclosed\n---\n# T\n');
    expect(badYaml.reason).toBe('MALFORMED');
    expect(badYaml.message).toMatch(/^The front matter is not valid YAML \(.+\)\.$/);
  });

  it('reports an HTML page without a briefing in it', () => {
    const error = failure('<html><body><nav>Home</nav><p>Nothing here.</p></body></html>');
    expect(error.reason).toBe('NO_STRUCTURE');
    expect(error.missing).toEqual(['title', 'publishedOn', 'sections']);
  });

  it('reports a feed with no briefing in its entries', () => {
    const error = failure(
      '<rss version="2.0"><channel><item><title>Hi</title><description>Just a note.</description></item></channel></rss>',
    );
    expect(error).toMatchObject({ reason: 'NO_STRUCTURE' });
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
      failure('Hello there.'),
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
