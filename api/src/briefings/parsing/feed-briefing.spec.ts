import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markupFindings } from '../../../test/fixtures/realworld/quality.mjs';
import {
  BriefingParseError,
  decodeDocument,
  type ParsedBriefing,
  parseBriefings,
  sniffFormat,
} from './index.js';

const REALWORLD = join(__dirname, '../../../test/fixtures/realworld');

/** A corpus feed read as an upload is: bytes decoded by their charset, the format sniffed. */
function corpusFeed(file: string): ParsedBriefing[] {
  const content = decodeDocument(readFileSync(join(REALWORLD, file)));
  expect(sniffFormat(content)).toBe('feed');
  return parseBriefings(content);
}

function failure(content: string): BriefingParseError {
  try {
    parseBriefings(content, 'feed');
  } catch (error) {
    expect(error).toBeInstanceOf(BriefingParseError);
    return error as BriefingParseError;
  }
  throw new Error('parseBriefings accepted the feed');
}

/** Every text a reader sees, to check that no markup or entity is left in any of them. */
function texts(briefing: ParsedBriefing): string[] {
  return [
    briefing.title,
    briefing.summary ?? '',
    ...briefing.sections.flatMap((section) => [
      section.heading,
      section.body ?? '',
      ...section.items.flatMap((item) => [item.title, item.body ?? '']),
    ]),
  ];
}

const atom = (entry: string, namespaces = '') =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${namespaces}><title>Feed</title>${entry}</feed>`;
const rss = (item: string, namespaces = '') =>
  `<?xml version="1.0"?><rss version="2.0"${namespaces}><channel><title>Feed</title><link>https://example.com/</link>${item}</channel></rss>`;

const SECTIONED_HTML =
  '<h2>News</h2><ul><li><b>Alpha ships.</b> Two weeks early.</li><li><b>Beta slips.</b> To June.</li></ul><p><b>Discussion:</b> What now?</p>';

describe('feeds', () => {
  describe('from feed-parser test suites', () => {
    it('reads Atom under a namespace prefix, its inline XHTML as a list with links', () => {
      const [briefing] = corpusFeed('node-feedparser/nondefaultnamespace-xhtml.atom');
      expect(briefing).toMatchObject({
        title:
          'If you can read the content of this entry, and it has a list and links, your aggregator works fine.',
        publishedOn: '2006-01-18',
        // The feed's author stands for entries without one (Atom 1.0, 4.2.1).
        author: 'Aristotle Pagaltzis',
      });
      expect(briefing.sections[0].body).toBe('For information, see:');
      expect(briefing.sections[0].items.map((item) => [item.title, item.url])).toEqual([
        ['Who knows an XML document from a hole in the ground?', 'http://plasmasturm.org/log/376/'],
        [
          'More on Atom aggregator XML namespace conformance tests',
          'http://plasmasturm.org/log/377/',
        ],
        [
          'XML Namespace Conformance Tests',
          'http://www.intertwingly.net/wiki/pie/XmlNamespaceConformanceTests',
        ],
      ]);
      for (const file of ['nondefaultnamespace.atom', 'nondefaultnamespace-baseline.atom']) {
        const [same] = corpusFeed(`node-feedparser/${file}`);
        expect(same.sections[0].items).toHaveLength(3);
      }
    });

    it('reads a windows-1251 feed by its XML declaration, enclosures as links', () => {
      const briefings = corpusFeed('node-feedparser/iconv.xml');
      expect(briefings).toHaveLength(10);
      expect(briefings[0]).toMatchObject({
        title: 'В Бузулуке главные стройплощадки – детсад и Ледовый дворец',
        publishedOn: '2014-01-22',
      });
      expect(briefings[0].sections[0].body).toMatch(/^Работы по возведению детского сада/);
      expect(briefings[0].sections[0].items).toEqual([
        {
          title: 'stroitelstvo_krany.jpg',
          body: null,
          url: 'http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg',
          links: ['http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg'],
        },
      ]);
    });

    it.each([
      ['base64', 'atom10--entry_content_base64.xml'],
      ['escaped HTML', 'atom10--entry_content_escaped_markup.xml'],
      ['inline XHTML', 'atom10--entry_content_inline_markup.xml'],
      ['a div of escaped HTML', 'atom10--entry_content_div_escaped_markup.xml'],
    ])('reads Atom content as %s to its text', (_kind, file) => {
      const [briefing] = corpusFeed(`feedparser-tests/${file}`);
      expect(briefing.sections[0].body).toBe('Example Atom');
    });

    it('reads EUC-KR and UTF-16 feeds by their declaration or byte-order mark', () => {
      const [korean] = corpusFeed('feedparser-tests/encoding--euc-kr-item.xml');
      expect(korean.sections[0].body).toBe('년');
      const feed = rss(
        `<item><title>Неделя: May 4, 2026</title><description><![CDATA[${SECTIONED_HTML}]]></description></item>`,
      ).replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(feed, 'utf16le')]);
      const [briefing] = parseBriefings(decodeDocument(utf16, 'application/rss+xml'));
      expect(briefing.title).toBe('Неделя: May 4, 2026');
      expect(briefing.sections[0].items).toHaveLength(2);
    });

    it.each([
      'rss-parser/content-encoded.rss',
      'rss-parser/reddit-atom.rss',
      'rss-parser/heise.atom',
      'rss-parser/encoding.rss',
      'rss-parser/craigslist.rss',
      'node-feedparser/tpm.atom',
      'feedparser-tests/sanitize--large_atom_feed_that_needs_css_sanitisation.xml',
    ])('imports every entry of %s with no literal markup or entity', (file) => {
      const content = decodeDocument(readFileSync(join(REALWORLD, file)));
      const entries = (content.match(/<(?:\w+:)?(?:item|entry)[\s>]/gu) ?? []).length;
      const briefings = corpusFeed(file);
      expect(briefings).toHaveLength(entries);
      expect(briefings.flatMap((briefing) => markupFindings(briefing))).toEqual([]);
    });

    it('resolves relative links against an item xml:base, else the feed link', () => {
      // As node-feedparser's rss-with-item-scoped-html-base.xml, with lists so the links are kept.
      const feed = readFileSync(
        join(REALWORLD, 'node-feedparser/rss-with-item-scoped-html-base.xml'),
        'utf8',
      ).replace(/<p>(<a href="post">\w+<\/a>)<\/p>/gu, '<h2>News</h2><ul><li>$1 Body.</li></ul>');
      const links = parseBriefings(feed).map((briefing) => briefing.sections[0].items[0].links);
      expect(links).toEqual([['https://example.com/first/post'], ['https://example.com/post']]);
    });

    it('reads an ISO-8859-1 feed and its HTML-escaped descriptions', () => {
      const briefings = corpusFeed('rss-parser/encoding.rss');
      const all = briefings.flatMap(texts).join('\n');
      expect(all).toMatch(/[ãçéõ]/u);
      expect(all).not.toMatch(/\uFFFD|&[a-z]+;|&#/u);
    });
  });

  describe('crafted', () => {
    it('sniffs and reads Atom whose every element has a prefix', () => {
      const feed =
        '<x:feed xmlns:x="http://www.w3.org/2005/Atom"><x:title>F</x:title><x:entry><x:title>Weekly: May 4, 2026</x:title>' +
        '<x:updated>2026-05-04T08:00:00Z</x:updated><x:author><x:name>Jane</x:name></x:author>' +
        `<x:content type="html">${SECTIONED_HTML.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</x:content></x:entry></x:feed>`;
      expect(sniffFormat(feed)).toBe('feed');
      const [briefing] = parseBriefings(feed);
      expect(briefing).toMatchObject({ title: 'Weekly: May 4, 2026', author: 'Jane' });
      expect(briefing.sections[0]).toMatchObject({
        heading: 'News',
        items: [
          { title: 'Alpha ships', body: 'Two weeks early.' },
          { title: 'Beta slips', body: 'To June.' },
        ],
        discussion: { prompt: 'What now?' },
      });
    });

    it('reads inline XHTML whose elements carry the XHTML prefix', () => {
      const feed = atom(
        '<entry><title>Weekly: May 4, 2026</title><updated>2026-05-04T08:00:00Z</updated>' +
          `<content type="xhtml"><h:div xmlns:h="http://www.w3.org/1999/xhtml">${SECTIONED_HTML.replace(/<(\/?)/gu, '<$1h:')}</h:div></content></entry>`,
      );
      const [briefing] = parseBriefings(feed);
      expect(briefing.sections[0].items.map((item) => item.title)).toEqual([
        'Alpha ships',
        'Beta slips',
      ]);
      expect(texts(briefing).join('\n')).not.toMatch(/<|h:/u);
    });

    it('decodes base64 content, Atom 1.0 by its type and Atom 0.3 by its look', () => {
      const encoded = Buffer.from(SECTIONED_HTML, 'utf8').toString('base64');
      const atom10 = atom(
        `<entry><title>Weekly: May 4, 2026</title><content type="application/octet-stream">${encoded}</content></entry>`,
      );
      const atom03 =
        '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>F</title><entry><title>Weekly: May 4, 2026</title>' +
        `<issued>2026-05-04T08:00:00Z</issued><content type="text/html" mode="base64">${encoded.replace(/(.{60})/gu, '$1\n')}</content></entry></feed>`;
      for (const feed of [atom10, atom03]) {
        const [briefing] = parseBriefings(feed);
        expect(briefing.sections[0].items.map((item) => item.title)).toEqual([
          'Alpha ships',
          'Beta slips',
        ]);
      }
    });

    it('never stores escaped markup or entities as text', () => {
      const feed = rss(
        '<item><title>Prices &amp;amp; &lt;em&gt;costs&lt;/em&gt;: May 4, 2026</title>' +
          '<description>Up&amp;nbsp;to &amp;#x0024;5 &amp;mdash; &lt;b&gt;really&lt;/b&gt;. Café&amp;eacute;.</description></item>' +
          '<item><title>Transfers: May 5, 2026</title><description>Transfererl&amp;ouml;s von 64 Mio. &amp;euro;.</description></item>' +
          // Reddit escapes the HTML of a self post once more than its own tags.
          '<item><title>Ask: May 6, 2026</title><description>&amp;lt;div class=&amp;quot;md&amp;quot;&amp;gt;&amp;lt;p&amp;gt;Hey &amp;amp;#39;all&amp;lt;/p&amp;gt;&amp;lt;/div&amp;gt; submitted by <a href="https://example.com/u">someone</a></description></item>',
      );
      const briefings = parseBriefings(feed);
      expect(briefings.map((briefing) => briefing.title)).toEqual([
        'Prices & costs: May 4, 2026',
        'Transfers: May 5, 2026',
        'Ask: May 6, 2026',
      ]);
      expect(briefings[0].sections[0].body).toBe('Up to $5 — really. Caféé.');
      expect(briefings[1].sections[0].body).toBe('Transfererlös von 64 Mio. €.');
      expect(briefings[2].sections[0].body).toMatch(/^Hey 'all\b/u);
      for (const briefing of briefings) expect(markupFindings(briefing)).toEqual([]);
    });

    it('keeps markup that a code sample shows', () => {
      const feed = rss(
        '<item><title>Tips: May 4, 2026</title><description><![CDATA[<p>Write &lt;p&gt; tags like this:</p><pre><code>&lt;p&gt;Hello&lt;/p&gt;</code></pre>]]></description></item>',
      );
      const all = texts(parseBriefings(feed)[0]).join('\n');
      expect(all).toContain('<p>Hello</p>');
    });

    it('keeps the lines of a plain-text description', () => {
      const feed = rss(
        '<item><title>Daily Sync: May 12, 2026</title><description>Markets calm down.\n\nTech News\n\n• Cloud prices fall. Storage is 15% cheaper.\n• Models close the gap. A 70B model matched last year&amp;apos;s.\n</description></item>',
      );
      const [briefing] = parseBriefings(feed);
      expect(briefing.sections[0]).toMatchObject({
        heading: 'Tech News',
        items: [
          { title: 'Cloud prices fall', body: 'Storage is 15% cheaper.' },
          { title: 'Models close the gap', body: "A 70B model matched last year's." },
        ],
      });
    });

    it('makes enclosures links of the briefing, in their own section when it has sections', () => {
      const feed = rss(
        `<item><title>Weekly: May 4, 2026</title><description><![CDATA[${SECTIONED_HTML}]]></description>` +
          '<enclosure url="https://cdn.example.com/ep%2012.mp3" length="1" type="audio/mpeg"/></item>' +
          '<item><title>Episode 13: May 11, 2026</title><description>We talk about caches.</description>' +
          '<media:content url="https://cdn.example.com/ep13.mp4" type="video/mp4"/>' +
          '<enclosure url="javascript:alert(1)" length="1" type="audio/mpeg"/></item>',
        ' xmlns:media="http://search.yahoo.com/mrss/"',
      );
      const [sectioned, episode] = parseBriefings(feed);
      expect(sectioned.sections.map((section) => section.heading)).toEqual(['News', 'Attachments']);
      expect(sectioned.sections[1].items).toEqual([
        {
          title: 'ep 12.mp3',
          body: null,
          url: 'https://cdn.example.com/ep%2012.mp3',
          links: ['https://cdn.example.com/ep%2012.mp3'],
        },
      ]);
      expect(episode.sections).toHaveLength(1);
      expect(episode.sections[0].body).toBe('We talk about caches.');
      expect(episode.sections[0].items.map((item) => item.url)).toEqual([
        'https://cdn.example.com/ep13.mp4',
      ]);
    });

    it('resolves Atom links against nested xml:base', () => {
      const feed =
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/blog/"><title>F</title>' +
        '<entry xml:base="2026/"><title>Weekly: May 4, 2026</title><link href="weekly"/>' +
        '<content type="html">&lt;h2&gt;News&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;&lt;a href="alpha"&gt;Alpha ships.&lt;/a&gt; Early.&lt;/li&gt;&lt;/ul&gt;</content>' +
        '<link rel="enclosure" href="/media/ep.mp3"/></entry></feed>';
      const [briefing] = parseBriefings(feed);
      expect(briefing.sections.flatMap((section) => section.items.map((item) => item.url))).toEqual(
        ['https://example.com/blog/2026/alpha', 'https://example.com/media/ep.mp3'],
      );
    });

    it('reads a link post (a title and a link) as one item for the piece', () => {
      const [briefing] = parseBriefings(
        rss(
          '<item><title>Caching at scale</title><link>https://example.com/caching</link><pubDate>Mon, 04 May 2026 08:00:00 GMT</pubDate></item>',
        ),
      );
      expect(briefing).toMatchObject({ title: 'Caching at scale', publishedOn: '2026-05-04' });
      expect(briefing.sections[0].items).toEqual([
        {
          title: 'Caching at scale',
          body: null,
          url: 'https://example.com/caching',
          links: ['https://example.com/caching'],
        },
      ]);
    });

    it('reads RSS 0.91 with its Netscape DOCTYPE and RSS 1.0 (RDF) with Dublin Core', () => {
      const rss091 =
        '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">' +
        `<rss version="0.91"><channel><title>C</title><link>https://example.com/</link><description>d</description><item><title>Weekly: May 4, 2026</title><description>${SECTIONED_HTML.replaceAll('<', '&lt;')}</description></item></channel></rss>`;
      const rdf =
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">' +
        '<channel rdf:about="https://example.com/"><title>C</title><link>https://example.com/</link><description>d</description></channel>' +
        `<item rdf:about="https://example.com/1"><title>Weekly</title><link>https://example.com/1</link><dc:date>2026-05-04T08:00:00Z</dc:date><dc:creator>Jane Doe</dc:creator><dc:subject>platform</dc:subject><content:encoded><![CDATA[${SECTIONED_HTML}]]></content:encoded></item></rdf:RDF>`;
      expect(parseBriefings(rss091)[0].sections[0].items).toHaveLength(2);
      expect(parseBriefings(rdf)[0]).toMatchObject({
        title: 'Weekly',
        publishedOn: '2026-05-04',
        author: 'Jane Doe',
        tags: ['platform'],
      });
    });

    it('reads a feed with a single entry that has no sections', () => {
      const [briefing] = parseBriefings(
        atom(
          '<entry><title>A note on caching</title><updated>2026-05-04T08:00:00Z</updated><content type="html">&lt;p&gt;We cache too much.&lt;/p&gt;&lt;p&gt;Here is why.&lt;/p&gt;</content></entry>',
        ),
      );
      expect(briefing.title).toBe('A note on caching');
      expect(briefing.sections).toHaveLength(1);
      expect(briefing.sections[0].body).toBe('We cache too much.\n\nHere is why.');
    });

    it('reads runs of escaped tag starts and unclosed code blocks in one pass', () => {
      // Each of these once cost time growing with the square of its length.
      const escaped = `<p>Note</p>${'&lt;a '.repeat(100_000)}&lt;p&gt;`;
      const unclosed = `<p>Note &lt;p&gt;</p>${'<pre '.repeat(100_000)}`;
      for (const description of [escaped, unclosed]) {
        const feed = rss(
          `<item><title>Long: May 4, 2026</title><description><![CDATA[${description}]]></description></item>`,
        );
        const [briefing] = parseBriefings(feed);
        expect(briefing.title).toBe('Long: May 4, 2026');
      }
    });
  });

  describe('refused', () => {
    const LAUGHS =
      '<!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from(
        { length: 9 },
        (_, level) =>
          `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
      ).join('') +
      ']>';

    it.each([
      [
        'billion laughs',
        `<?xml version="1.0"?>${LAUGHS}${rss('<item><title>&lol9;</title></item>')}`,
      ],
      [
        'an external entity',
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${rss('<item><title>&xxe;</title></item>')}`,
      ],
      [
        'a parameter entity',
        `<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1/evil.dtd"> %remote;]>${rss('<item><title>x</title></item>')}`,
      ],
    ])('refuses XML that declares entities (%s)', (_kind, feed) => {
      expect(failure(feed)).toMatchObject({
        reason: 'MALFORMED',
        message:
          'The XML declares its own entities (<!ENTITY>), which are refused: a feed never needs them.',
      });
    });

    it('calls XML that is no feed, and a feed with no entries, what they are', () => {
      expect(failure('<opml version="2.0"><body/></opml>')).toMatchObject({
        reason: 'MALFORMED',
        message: 'The XML is not an RSS or Atom feed.',
      });
      expect(failure(atom(''))).toMatchObject({
        reason: 'NO_STRUCTURE',
        message: 'The feed has no entries.',
      });
    });
  });
});
