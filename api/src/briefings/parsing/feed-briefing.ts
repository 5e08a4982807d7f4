import { DOMParser } from 'linkedom';
import { assembleBriefing } from './assemble-briefing.js';
import { BriefingParseError } from './briefing-parse-error.js';
import { type StatedMetadata } from './document-outline.js';
import { ELEMENT_NODE, type HtmlDocument, type HtmlElement, plainTextOfHtml } from './html-text.js';
import { outlineDocument, type ProseFormat } from './outline-document.js';
import { type ParsedBriefing } from './parsed-briefing.js';
import { normalizeDocument, plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { sniffTrimmed } from './sniff-format.js';
import { normalizeTags } from './tag-line.js';
import { xmlProblem } from './well-formed-xml.js';

const NAME_IN_PARENTHESES = /\(([^()]{1,100})\)\s*$/u;
const MAX_ENTRIES = 500;

function children(parent: HtmlElement, name: string): HtmlElement[] {
  const found: HtmlElement[] = [];
  const nodes = parent.childNodes;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as HtmlElement;
    if (node.nodeType === ELEMENT_NODE && node.localName.toLowerCase() === name) found.push(node);
  }
  return found;
}

function child(parent: HtmlElement, ...names: string[]): HtmlElement | null {
  for (const name of names) {
    const [found] = children(parent, name);
    if (found) return found;
  }
  return null;
}

/** Raw content of an element: Atom's inline XHTML as markup, everything else as its (unescaped) text. */
function contentOf(element: HtmlElement | null): string {
  if (!element) return '';
  if (element.getAttribute('type') === 'xhtml') return element.innerHTML;
  return element.textContent ?? '';
}

/** A one-line field that may hold escaped HTML (Atom type="html", many RSS titles). */
function lineOf(element: HtmlElement | null): string {
  const raw = contentOf(element);
  return plainText(raw.includes('<') ? plainTextOfHtml(raw) : raw);
}

function authorOf(entry: HtmlElement): string | null {
  const atom = child(entry, 'author');
  const name = atom ? child(atom, 'name') : null;
  const raw = lineOf(name ?? child(entry, 'dc:creator', 'author'));
  if (raw === '') return null;
  // RSS <author> is "jane@example.com (Jane Doe)"; the name is what readers know.
  return NAME_IN_PARENTHESES.exec(raw)?.[1].trim() ?? (raw.includes('@') ? null : raw);
}

function categoriesOf(entry: HtmlElement): string[] {
  const tags = [...children(entry, 'category'), ...children(entry, 'dc:subject')].map(
    (category) => category.getAttribute('term') ?? lineOf(category),
  );
  return normalizeTags(tags);
}

function proseFormat(content: string): ProseFormat {
  const { format } = sniffTrimmed(content);
  if (format === 'markdown' || format === 'html' || format === 'text') return format;
  return content.includes('<') ? 'html' : 'text';
}

function briefingsFromEntry(entry: HtmlElement): ParsedBriefing[] {
  const title = lineOf(child(entry, 'title'));
  const full = normalizeDocument(contentOf(child(entry, 'content:encoded', 'content'))).trim();
  const short = normalizeDocument(contentOf(child(entry, 'description', 'summary'))).trim();
  const content = full || short;
  const fallback: StatedMetadata = {};
  if (title !== '') fallback.title = title;
  const publishedOn = toPublicationDate(
    lineOf(child(entry, 'pubdate', 'published', 'dc:date', 'updated', 'date')),
  );
  if (publishedOn) fallback.publishedOn = publishedOn;
  const author = authorOf(entry);
  if (author) fallback.author = author;
  const tags = categoriesOf(entry);
  if (tags.length > 0) fallback.tags = tags;
  if (full && short) {
    fallback.summary = plainText(short.includes('<') ? plainTextOfHtml(short) : short);
  }

  const context = title === '' ? {} : { knownTitle: title };
  return outlineDocument(content, proseFormat(content), context).map((outline) =>
    assembleBriefing({ ...outline, fallback: { ...outline.fallback, ...fallback } }),
  );
}

function feedEntries(document: string): HtmlElement[] {
  const problem = xmlProblem(document);
  if (problem) {
    throw new BriefingParseError('MALFORMED', `The feed is not well-formed XML: ${problem}.`);
  }
  const xml = new DOMParser().parseFromString(document, 'text/xml') as unknown as HtmlDocument;
  const root = xml.documentElement;
  switch (root?.localName.toLowerCase()) {
    case 'rss': {
      const channel = child(root, 'channel');
      return channel ? children(channel, 'item') : [];
    }
    case 'rdf:rdf':
      return children(root, 'item');
    case 'feed':
      return children(root, 'entry');
    default:
      throw new BriefingParseError('MALFORMED', 'The XML is not an RSS or Atom feed.');
  }
}

/**
 * Reads an RSS 2.0 or Atom feed: each entry's content (content:encoded, content, else description)
 * is read as HTML, Markdown or text by sniffing, and the entry's title, date, author and categories
 * fill what the content does not say. Entries that are not briefings are skipped; one past
 * PARSE_LIMITS refuses the feed.
 */
export function briefingsFromFeed(document: string): ParsedBriefing[] {
  const entries = feedEntries(document).slice(0, MAX_ENTRIES);
  if (entries.length === 0) {
    throw new BriefingParseError('NO_STRUCTURE', 'The feed has no entries.', ['sections']);
  }
  const briefings: ParsedBriefing[] = [];
  let firstFailure: BriefingParseError | null = null;
  for (const entry of entries) {
    try {
      briefings.push(...briefingsFromEntry(entry));
    } catch (error) {
      // A hostile entry stops the whole feed; one that is merely no briefing is skipped.
      if (!(error instanceof BriefingParseError) || error.reason === 'TOO_COMPLEX') throw error;
      firstFailure ??= error;
    }
  }
  if (briefings.length === 0 && firstFailure) throw firstFailure;
  return briefings;
}
