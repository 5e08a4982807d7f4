import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitFeed } from './feed-document.js';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../test/fixtures/briefings', name));

const rss = (items: string, encoding = 'UTF-8') =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<rss version="2.0"><channel><title>Desk &amp; Co</title><link>https://x.example/</link>${items}</channel></rss>\n`;

describe(splitFeed.name, () => {
  it('cuts an RSS 2.0 feed into one-entry feeds, each known by its guid, else its link', () => {
    const feed = splitFeed(fixture('briefings.rss.xml'), 'application/rss+xml')!;

    expect(feed.title).toBe('The CTO Desk');
    expect(feed.entries.map((entry) => entry.guid)).toEqual([
      'https://cto.example.com/briefings/daily-sync-2026-05-11',
      'https://cto.example.com/briefings/daily-sync-2026-05-12',
    ]);
    const second = feed.documentOf(feed.entries[1]).toString('utf8');
    expect(second).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss /);
    expect(second).toContain('<title>The CTO Desk</title>');
    expect(second).toContain('Daily Sync: May 12, 2026');
    expect(second).not.toContain('Daily Sync: May 11, 2026');
    expect(second.trimEnd()).toMatch(/<\/channel>\s*<\/rss>$/);
  });

  it('knows Atom entries by their id, under any namespace prefix', () => {
    const atom = splitFeed(fixture('briefings.atom.xml'), 'application/atom+xml')!;
    const prefixed = splitFeed(
      Buffer.from(
        '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Pre</a:title>' +
          '<a:entry><a:id>tag:x,2026:1</a:id><a:title>One</a:title></a:entry>' +
          '<a:entry><a:link href="https://x.example/2"/><a:title>Two</a:title></a:entry></a:feed>',
      ),
      'application/atom+xml',
    )!;

    expect(atom.entries.map((entry) => entry.guid)).toEqual([
      'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
      'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6b',
    ]);
    expect(prefixed.title).toBe('Pre');
    expect(prefixed.entries.map((entry) => entry.guid)).toEqual([
      'tag:x,2026:1',
      'https://x.example/2',
    ]);
  });

  it('knows RSS 1.0 items by rdf:about and reads ids in CDATA or with entities', () => {
    const rdf = splitFeed(
      Buffer.from(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">' +
          '<channel rdf:about="https://x.example/"><title>RDF</title></channel>' +
          '<item rdf:about="https://x.example/a"><title>A</title></item></rdf:RDF>',
      ),
      'application/rdf+xml',
    )!;
    const escaped = splitFeed(
      Buffer.from(
        rss(
          '<item><guid><![CDATA[id-1]]></guid></item><item><guid>https://x.example/?a=1&amp;b=2</guid></item>',
        ),
      ),
      'application/rss+xml',
    )!;

    expect(rdf.entries.map((entry) => entry.guid)).toEqual(['https://x.example/a']);
    expect(escaped.title).toBe('Desk & Co');
    expect(escaped.entries.map((entry) => entry.guid)).toEqual([
      'id-1',
      'https://x.example/?a=1&b=2',
    ]);
  });

  it('identifies an entry without any id by its bytes, and a long id by its hash', () => {
    const long = `https://x.example/${'a'.repeat(600)}`;
    const feed = splitFeed(
      Buffer.from(rss(`<item><title>No id</title></item><item><guid>${long}</guid></item>`)),
      'application/rss+xml',
    )!;
    const again = splitFeed(
      Buffer.from(rss(`<item><title>No id</title></item>`)),
      'application/rss+xml',
    )!;

    expect(feed.entries[0].guid).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.entries[0].guid).toBe(feed.entries[0].guid);
    expect(feed.entries[1].guid).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps a legacy charset byte for byte and reads the title through it', () => {
    const text = rss('<item><guid>1</guid><title>Новости</title></item>', 'windows-1251').replace(
      'Desk &amp; Co',
      'Сводка',
    );
    const bytes = Buffer.from(new Uint8Array([...text].map((char) => win1251(char))));
    const feed = splitFeed(bytes, 'application/rss+xml')!;

    expect(feed.title).toBe('Сводка');
    expect(feed.contentType).toBe('application/rss+xml');
    expect(feed.documentOf(feed.entries[0]).includes(Buffer.from([0xcd, 0xee]))).toBe(true);
  });

  it('transcodes UTF-16 to UTF-8, declaration included, so it can be cut', () => {
    const text = `\ufeff${rss('<item><guid>u16</guid><title>Ünïcode</title></item>', 'UTF-16')}`;
    const feed = splitFeed(Buffer.from(text, 'utf16le'), 'application/xml; charset=utf-16')!;

    expect(feed.contentType).toBe('application/xml; charset=utf-8');
    expect(feed.entries.map((entry) => entry.guid)).toEqual(['u16']);
    const one = feed.documentOf(feed.entries[0]).toString('utf8');
    expect(one).toContain('encoding="UTF-8"');
    expect(one).toContain('Ünïcode');
  });

  it('answers null for a document that is not a feed, and no entries for an empty one', () => {
    expect(
      splitFeed(Buffer.from('<!doctype html><html><body>hi</body></html>'), 'text/html'),
    ).toBeNull();
    expect(splitFeed(Buffer.from('just words'), 'text/plain')).toBeNull();
    expect(splitFeed(Buffer.from(rss('')), 'application/rss+xml')?.entries).toEqual([]);
  });

  it('ignores item-like elements that are not entries of the feed', () => {
    const feed = splitFeed(
      Buffer.from(
        rss(
          '<image><item>not one</item></image><item><guid>real</guid><entry>inner</entry></item>',
        ),
      ),
      'application/rss+xml',
    )!;

    expect(feed.entries.map((entry) => entry.guid)).toEqual(['real']);
  });
});

/** The windows-1251 byte of an ASCII or Cyrillic character (enough for the test's text). */
function win1251(char: string): number {
  const code = char.charCodeAt(0);
  if (code < 0x80) return code;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  throw new Error(`no windows-1251 byte for ${char}`);
}
