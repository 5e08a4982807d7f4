import { decodeHTMLStrict, escapeAttribute } from 'entities';
import {
  type AnyFeed,
  type AtomFeed,
  DetectError,
  parseFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith';
import { assembleBriefing, type AssembleOptions } from './assemble-briefing.js';
import { BriefingParseError } from './briefing-parse-error.js';
import { decodeDocument } from './decode-document.js';
import {
  type DocumentOutline,
  type OutlineBlock,
  type StatedMetadata,
} from './document-outline.js';
import { plainTextOfHtml } from './html-text.js';
import { safeUrl, uniqueLinks } from './link-url.js';
import { outlineDocument, type ProseFormat } from './outline-document.js';
import { type ParsedBriefing } from './parsed-briefing.js';
import { normalizeDocument, plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { sniffTrimmed } from './sniff-format.js';
import { normalizeTags } from './tag-line.js';
import { xmlProblem } from './well-formed-xml.js';

const NAME_IN_PARENTHESES = /\(([^()]{1,100})\)\s*$/u;
const MAX_ENTRIES = 500;
/** A tag, an end tag or a comment: the text is markup, whatever the feed called it. */
const MARKUP = /<(?:[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?|\/[A-Za-z][\w:-]*\s*|!--)>/u;
/** `&lt;p&gt;`, `&lt;/div&gt;`, `&lt;a href=&quot;…&quot;&gt;`, `&lt;!--`: markup escaped inside markup. */
// Attributes are bounded so that a run of `&lt;a ` without an end stays linear.
const ESCAPED_MARKUP = /&lt;(?:\/?[A-Za-z][\w:-]{0,40}(?:\s[^<>]{0,300}?)?\/?&gt;|!--)/u;
const CODE_OPEN = /<(pre|code)\b/giu;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u;
const MIN_BASE64_LENGTH = 8;
// Decoded base64 full of controls was a binary file, not text.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/gu;
const ATTACHMENTS_HEADING = 'Attachments';

/** One entry of any feed flavour, its text still as the feed gave it (markup or escaped HTML). */
interface FeedEntry {
  title: string;
  content: string;
  summary: string;
  date: string | undefined;
  authors: string[];
  categories: string[];
  enclosures: string[];
  /** The page the entry stands for. */
  link: string | undefined;
  /** What relative links resolve against: the entry's xml:base, else the feed's, else the feed's link. */
  base: string | undefined;
}

type RssItem = RssFeed.Item<string>;
type RdfItem = RdfFeed.Item<string>;
type AtomEntry = AtomFeed.Entry<string>;

function present(values: readonly (string | undefined | null)[] | undefined): string[] {
  return (values ?? []).filter((value): value is string => typeof value === 'string');
}

/** Base64 that decodes to text, or null: Atom content of a non-text type, or Atom 0.3 `mode="base64"`. */
function fromBase64(value: string, required: boolean): string | null {
  const compact = value.replace(/\s+/gu, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return null;
  if (!required && (compact.length < MIN_BASE64_LENGTH || !/[0-9+/=]|[a-z][A-Z]/u.test(compact))) {
    return null;
  }
  const bytes = Buffer.from(compact, 'base64');
  if (!required) {
    // A word that merely looks like base64 decodes to bytes that are not text.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
  const text = decodeDocument(bytes);
  const controls = text.match(CONTROL)?.length ?? 0;
  return controls > text.length / 10 ? null : text;
}

/**
 * The text of an Atom text construct or content. `html` and `xhtml` are markup (feedsmith serialises
 * inline XHTML without its namespace prefix); a media type that is neither text nor XML is base64.
 */
function atomText(construct: AtomFeed.Text | AtomFeed.Content | undefined): string {
  const value = construct?.value ?? '';
  const type = construct?.type?.toLowerCase().trim() ?? 'text';
  if (type === 'text' || type === 'html' || type === 'xhtml') return value;
  const textual = type.startsWith('text/') || /[/+]xml$/u.test(type);
  // Atom 0.3 marks base64 with mode="base64", which the parser drops; such content reads as base64.
  return fromBase64(value, !textual) ?? (textual ? value : '');
}

function rssEntry(item: RssItem | RdfItem): FeedEntry {
  const rss = item as RssItem;
  const authors = [...present(item.dc?.creators), ...present(rss.authors?.map((a) => a.name))];
  const enclosures = present(rss.enclosures?.map((enclosure) => enclosure.url));
  return {
    title: item.title ?? '',
    content: item.content?.encoded ?? '',
    summary: item.description ?? mediaDescription(item.media),
    date:
      rss.pubDate ??
      item.dc?.dates?.[0] ??
      item.dcterms?.issued?.[0] ??
      item.dcterms?.created?.[0] ??
      item.atom?.published ??
      item.atom?.updated ??
      item.dcterms?.modified?.[0],
    authors,
    categories: [...present(rss.categories?.map((c) => c.name)), ...present(item.dc?.subjects)],
    enclosures: [...enclosures, ...mediaLinks(item.media)],
    link: item.link ?? (rss.guid?.isPermaLink === false ? undefined : rss.guid?.value),
    base: item.xml?.base,
  };
}

function atomEntry(entry: AtomEntry): FeedEntry {
  const links = entry.links ?? [];
  return {
    title: atomText(entry.title),
    content: atomText(entry.content),
    summary: atomText(entry.summary) || mediaDescription(entry.media),
    date: entry.published ?? entry.updated ?? entry.dc?.dates?.[0],
    authors: [...present(entry.authors?.map((a) => a.name)), ...present(entry.dc?.creators)],
    categories: [
      ...present(entry.categories?.map((category) => category.term)),
      ...present(entry.dc?.subjects),
    ],
    enclosures: [
      ...present(links.filter((link) => link.rel === 'enclosure').map((link) => link.href)),
      ...mediaLinks(entry.media),
    ],
    link: links.find((link) => (link.rel ?? 'alternate') === 'alternate')?.href,
    base: entry.xml?.base,
  };
}

/** media:description (podcasts, video feeds): the summary of an entry that has no other. */
function mediaDescription(media: RssItem['media']): string {
  return (
    media?.description?.value ??
    media?.groups?.find((group) => group.description)?.description?.value ??
    ''
  );
}

function mediaLinks(media: RssItem['media']): string[] {
  const contents = [
    ...(media?.contents ?? []),
    ...(media?.groups ?? []).flatMap((group) => group.contents ?? []),
  ];
  return present(contents.map((content) => content.url));
}

/** Text with markup read as HTML; entity references decoded either way. */
function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}

/**
 * HTML whose markup is escaped once more (some feeds, Reddit's among them, mix `&lt;p&gt;` with real
 * tags) has those tags unescaped; code samples in <pre> and <code> keep what they show.
 */
function unescapedTwice(html: string): string {
  if (!ESCAPED_MARKUP.test(html)) return html;
  const decoded = (part: string) => (ESCAPED_MARKUP.test(part) ? decodeHTMLStrict(part) : part);
  const lower = html.toLowerCase();
  let result = '';
  let from = 0;
  CODE_OPEN.lastIndex = 0;
  // One pass: each code block is kept from its opening tag to its closing one (or the end).
  for (let open = CODE_OPEN.exec(html); open; open = CODE_OPEN.exec(html)) {
    result += decoded(html.slice(from, open.index));
    const close = lower.indexOf(`</${open[1].toLowerCase()}`, CODE_OPEN.lastIndex);
    const end = close === -1 ? html.length : lower.indexOf('>', close) + 1 || html.length;
    result += html.slice(open.index, end);
    from = end;
    CODE_OPEN.lastIndex = end;
  }
  return result + decoded(html.slice(from));
}

/** A one-line field (title, author): escaped HTML and entity references read, never kept. */
function lineOf(raw: string): string {
  if (hasMarkup(raw)) return plainText(plainTextOfHtml(raw));
  const decoded = decodeHTMLStrict(raw);
  return plainText(hasMarkup(decoded) ? plainTextOfHtml(decoded) : decoded);
}

/**
 * Entry content as a prose format: markup is HTML (RSS and Atom carry HTML, escaped or inline);
 * without markup, Markdown when it looks like it, else text with its entity references decoded.
 */
function proseOf(raw: string, base: string | undefined): { content: string; format: ProseFormat } {
  const content = normalizeDocument(raw).trim();
  if (hasMarkup(content)) {
    const html = unescapedTwice(content);
    // The HTML reader resolves relative links against a <base>, as a browser would.
    const withBase =
      base && !/<base\b/iu.test(html) ? `<base href="${escapeAttribute(base)}">${html}` : html;
    return { content: withBase, format: 'html' };
  }
  const { format } = sniffTrimmed(content);
  if (format === 'markdown') return { content, format };
  const decoded = decodeHTMLStrict(content);
  // Markup escaped twice (&amp;lt;p&amp;gt;) is still markup.
  return { content: decoded, format: hasMarkup(decoded) ? 'html' : 'text' };
}

function authorOf(entry: FeedEntry): string | null {
  for (const raw of entry.authors.map(lineOf)) {
    if (raw === '') continue;
    // RSS <author> is "jane@example.com (Jane Doe)"; the name is what readers know.
    const named = NAME_IN_PARENTHESES.exec(raw)?.[1].trim() ?? (raw.includes('@') ? null : raw);
    if (named) return named;
  }
  return null;
}

/** An enclosure as a list item: its file name for text, the file itself as the link. */
function attachmentBlocks(entry: FeedEntry): OutlineBlock[] {
  const urls = uniqueLinks(entry.enclosures.map((url) => safeUrl(url.trim(), entry.base)));
  return urls.map((url) => {
    const path = url.split(/[?#]/u)[0].replace(/\/+$/u, '');
    let name = path.slice(path.lastIndexOf('/') + 1);
    try {
      name = decodeURIComponent(name);
    } catch {
      // a malformed escape: the name stays as written
    }
    return { type: 'item', text: plainText(name) || url, lead: null, url, links: [url] };
  });
}

/** One line of text is a paragraph of the entry (the text outliner would take it for a heading). */
function oneParagraph(text: string): OutlineBlock[] {
  const line = plainText(text);
  return line === '' ? [] : [{ type: 'paragraph', text: line, url: null }];
}

/** Enclosures join the outline: as their own section when the entry has sections, else as list items. */
function withAttachments(blocks: OutlineBlock[], attachments: OutlineBlock[]): OutlineBlock[] {
  if (attachments.length === 0) return blocks;
  let level = Infinity;
  for (const block of blocks) if (block.type === 'heading') level = Math.min(level, block.level);
  if (level === Infinity) return [...blocks, ...attachments];
  const heading: OutlineBlock = { type: 'heading', level, text: ATTACHMENTS_HEADING, url: null };
  return [...blocks, heading, ...attachments];
}

function briefingsFromEntry(entry: FeedEntry, options: AssembleOptions): ParsedBriefing[] {
  const title = lineOf(entry.title);
  const full = proseOf(entry.content, entry.base);
  const short = proseOf(entry.summary, entry.base);
  const { content, format } = full.content ? full : short;
  const fallback: StatedMetadata = {};
  if (title !== '') fallback.title = title;
  const publishedOn = toPublicationDate(lineOf(entry.date ?? ''));
  if (publishedOn) fallback.publishedOn = publishedOn;
  const author = authorOf(entry);
  if (author) fallback.author = author;
  const tags = normalizeTags(entry.categories.map(lineOf));
  if (tags.length > 0) fallback.tags = tags;
  if (full.content && short.content) {
    fallback.summary = short.format === 'html' ? plainTextOfHtml(short.content) : short.content;
    fallback.summary = plainText(fallback.summary);
  }

  const context = title === '' ? {} : { knownTitle: title };
  const outlines: DocumentOutline[] =
    content === '' || (format === 'text' && !content.includes('\n'))
      ? [{ title: null, stated: {}, fallback: {}, blocks: oneParagraph(content) }]
      : outlineDocument(content, format, context);
  const attachments = attachmentBlocks(entry);
  const link = safeUrl(entry.link?.trim(), entry.base);
  return outlines.map((outline, index) => {
    const blocks =
      index === outlines.length - 1 ? withAttachments(outline.blocks, attachments) : outline.blocks;
    const whole = { ...outline, blocks, fallback: { ...outline.fallback, ...fallback } };
    try {
      return assembleBriefing(whole, options);
    } catch (error) {
      // A link post (a title and maybe a link, no text of its own) is one item for the piece.
      if (title === '' || !(error instanceof BriefingParseError)) throw error;
      if (error.reason !== 'NO_STRUCTURE') throw error;
      const item: OutlineBlock = {
        type: 'item',
        text: title,
        lead: null,
        url: link,
        links: link ? [link] : [],
      };
      return assembleBriefing({ ...whole, blocks: [...blocks, item] }, options);
    }
  });
}

/** An absolute http(s) address for `href` (relative to `base`), or undefined. */
function absoluteBase(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Every entry of an RSS 0.9x/1.0/2.0, RDF or Atom 0.3/1.0 feed, whatever namespace prefixes it uses. */
function feedEntries(document: string): FeedEntry[] {
  const problem = xmlProblem(document);
  if (problem) {
    throw new BriefingParseError('MALFORMED', `The feed is not well-formed XML: ${problem}.`);
  }
  let parsed: AnyFeed;
  try {
    parsed = parseFeed<string>(document, { maxItems: MAX_ENTRIES });
  } catch (error) {
    // A recognised feed that holds nothing (no channel content, no entries) is an empty feed.
    if (error instanceof DetectError) {
      throw new BriefingParseError('MALFORMED', 'The XML is not an RSS or Atom feed.');
    }
    return [];
  }
  // An entry without an author has the feed's (Atom says so; RSS channels with dc:creator mean it).
  const fromFeed = (authors: string[], base: string | undefined) => (entry: FeedEntry) => ({
    ...entry,
    authors: [...entry.authors, ...authors],
    base: absoluteBase(entry.base, base) ?? base,
  });
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const { feed } = parsed;
      const base = absoluteBase(feed.xml?.base) ?? absoluteBase(feed.link);
      return (feed.items ?? []).map(rssEntry).map(fromFeed(present(feed.dc?.creators), base));
    }
    case 'atom': {
      const { feed } = parsed;
      const alternate = feed.links?.find((link) => (link.rel ?? 'alternate') === 'alternate');
      const base = absoluteBase(feed.xml?.base) ?? absoluteBase(alternate?.href);
      const authors = present(feed.authors?.map((author) => author.name));
      return (feed.entries ?? []).map(atomEntry).map(fromFeed(authors, base));
    }
    default:
      throw new BriefingParseError('MALFORMED', 'The XML is not an RSS or Atom feed.');
  }
}

/**
 * Reads an RSS 0.9x/1.0/2.0, RDF or Atom feed with feedsmith: each entry's content
 * (content:encoded, content, else description/summary) is read as HTML when it holds markup
 * (escaped, CDATA, inline XHTML or base64), else as Markdown or text; its title, date, author and
 * categories fill what the content does not say, and its enclosures become links. Entries that are
 * not briefings are skipped; one past PARSE_LIMITS refuses the feed.
 */
export function briefingsFromFeed(
  document: string,
  options: AssembleOptions = {},
): ParsedBriefing[] {
  const entries = feedEntries(document).slice(0, MAX_ENTRIES);
  if (entries.length === 0) {
    throw new BriefingParseError('NO_STRUCTURE', 'The feed has no entries.', ['sections']);
  }
  const briefings: ParsedBriefing[] = [];
  let firstFailure: BriefingParseError | null = null;
  for (const entry of entries) {
    try {
      briefings.push(...briefingsFromEntry(entry, options));
    } catch (error) {
      // A hostile entry stops the whole feed; one that is merely no briefing is skipped.
      if (!(error instanceof BriefingParseError) || error.reason === 'TOO_COMPLEX') throw error;
      firstFailure ??= error;
    }
  }
  if (briefings.length === 0 && firstFailure) throw firstFailure;
  return briefings;
}
