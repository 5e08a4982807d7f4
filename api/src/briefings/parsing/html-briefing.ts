import { parseByline, unglued } from './byline.js';
import {
  type DocumentOutline,
  type OutlineBlock,
  type OutlineContext,
} from './document-outline.js';
import {
  BLOCK_ELEMENTS,
  CDATA_SECTION_NODE,
  decoded,
  ELEMENT_NODE,
  type HtmlDocument,
  type HtmlElement,
  type HtmlNode,
  htmlDocument,
  isChromeElement,
  isCode,
  removePageJunk,
  TEXT_NODE,
  textOf,
} from './html-text.js';
import {
  bylineAreaDate,
  pageMetadata,
  siteNames,
  takeTagLists,
  withoutSiteName,
} from './html-metadata.js';
import { safeUrl, uniqueLinks } from './link-url.js';
import { mainContent, pageElements } from './main-content.js';
import { isPageChrome } from './page-chrome.js';
import { optionalLine, plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';

const HEADING = /^h([1-6])$/;
const LISTS = new Set(['ul', 'ol', 'menu']);
const LEAF_BLOCKS = new Set('p pre dt dd figcaption caption summary address'.split(' '));
const TABLE_ROWS = 'tr';
const CELLS = new Set(['td', 'th']);
const LEAD_WRAPPERS = new Set(['p', 'span', 'div', 'em', 'i', 'u', 'mark']);
const LEAD_SEPARATOR = /^[—–:|-]/u;
/** Deeper than this, an element's text is read as one paragraph instead of walked (2 MB of nested divs). */
const MAX_WALK_DEPTH = 150;
/** A byline Readability reports is a name, not a paragraph about the author. */
const MAX_BYLINE_WORDS = 6;
// Wikipedia's and wikis' boxes of facts about the subject: their dates and numbers are not the page's.
const FACT_BOX =
  /(?:^|\s)(?:infobox|navbox|vertical-navbox|sidebar|metadata|ambox|toc|mw-editsection|reference|references|reflist|hatnote|noprint)(?:$|\s)/i;
const WHOLE_PAGE = /<(?:html|body)[\s>]/i;

/** Plain text of a block, with entities a CMS escaped twice decoded. */
function blockText(raw: string): string {
  return plainText(decoded(raw));
}

/** Collects blocks while the walker streams through the tree; inline text waits for the next block edge. */
class BlockCollector {
  readonly blocks: OutlineBlock[] = [];
  private inline: string[] = [];
  private inlineLinks: string[] = [];

  constructor(private readonly base: string | null) {}

  text(text: string): void {
    this.inline.push(text);
  }

  link(element: HtmlElement): void {
    const url = safeUrl(element.getAttribute('href'), this.base);
    if (url) this.inlineLinks.push(url);
  }

  paragraph(raw: string, links: string[]): void {
    const text = blockText(raw);
    if (text !== '' && !isPageChrome(text)) {
      this.blocks.push({ type: 'paragraph', text, url: links[0] ?? null, links });
    }
  }

  flush(): void {
    this.paragraph(this.inline.join(''), uniqueLinks(this.inlineLinks));
    this.inline = [];
    this.inlineLinks = [];
  }

  /** Every safe link in an element, in document order, without repeats: the first is its main link. */
  links(element: HtmlElement): string[] {
    const hrefs: (string | null)[] = [];
    if (element.localName === 'a') hrefs.push(element.getAttribute('href'));
    const anchors = element.querySelectorAll('a[href]');
    for (let index = 0; index < anchors.length; index++) {
      hrefs.push(anchors[index].getAttribute('href'));
    }
    return uniqueLinks(hrefs.map((href) => safeUrl(href, this.base)));
  }
}

function firstMeaningfulChild(element: HtmlElement): HtmlNode | null {
  const children = element.childNodes;
  for (let index = 0; index < children.length; index++) {
    const child = children[index];
    if (child.nodeType === ELEMENT_NODE) return child;
    if (child.nodeType === TEXT_NODE && (child.textContent ?? '').trim() !== '') return child;
  }
  return null;
}

/** A lead the markup gives: a card heading, a leading <strong>, or a leading link set off by a dash. */
function markedLead(item: HtmlElement, itemText: string): string | null {
  const heading = item.querySelector('h1, h2, h3, h4, h5, h6');
  if (heading) return blockText(textOf(heading));
  let node: HtmlElement = item;
  for (let depth = 0; depth < 5; depth++) {
    const first = firstMeaningfulChild(node);
    if (!first || first.nodeType !== ELEMENT_NODE) return null;
    const element = first as HtmlElement;
    const tag = element.localName;
    if (tag === 'strong' || tag === 'b') return blockText(textOf(element));
    if (tag === 'a') {
      const linkText = blockText(textOf(element));
      if (linkText === '' || !itemText.startsWith(linkText)) return null;
      const rest = itemText.slice(linkText.length).trim();
      return rest === '' || LEAD_SEPARATOR.test(rest) ? linkText : null;
    }
    if (!LEAD_WRAPPERS.has(tag)) return null;
    node = element;
  }
  return null;
}

function addItem(item: HtmlElement, out: BlockCollector): void {
  const text = blockText(textOf(item));
  if (text === '' || isPageChrome(text)) return;
  const links = out.links(item);
  out.blocks.push({
    type: 'item',
    text,
    lead: markedLead(item, text),
    url: links[0] ?? null,
    links,
  });
}

/** A table row is one paragraph, its cells joined as Markdown tables read ("p99 | 120 ms"). */
function addRow(row: HtmlElement, out: BlockCollector): void {
  const cells = Array.from(row.children).filter((cell) => CELLS.has(cell.localName));
  const text = cells.map((cell) => blockText(textOf(cell))).filter((cell) => cell !== '');
  out.paragraph(text.join(' | '), out.links(row));
}

function walk(node: HtmlElement, depth: number, out: BlockCollector): void {
  const children = node.childNodes;
  for (let index = 0; index < children.length; index++) {
    const child = children[index];
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      out.text(child.textContent ?? '');
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const element = child as HtmlElement;
    const tag = element.localName;
    const heading = HEADING.exec(tag);
    if (heading) {
      out.flush();
      const text = blockText(textOf(element));
      if (text !== '' && !isPageChrome(text)) {
        const links = out.links(element);
        out.blocks.push({
          type: 'heading',
          level: Number(heading[1]),
          text,
          url: links[0] ?? null,
          links,
        });
      }
    } else if (depth > MAX_WALK_DEPTH || LEAF_BLOCKS.has(tag)) {
      out.flush();
      out.paragraph(textOf(element), out.links(element));
    } else if (tag === TABLE_ROWS) {
      out.flush();
      addRow(element, out);
    } else if (LISTS.has(tag)) {
      out.flush();
      const items = element.children;
      for (let position = 0; position < items.length; position++) {
        const entry = items[position];
        if (entry.localName === 'li') addItem(entry, out);
        else walk(entry, depth + 1, out);
      }
      out.flush();
    } else if (tag === 'li') {
      out.flush();
      addItem(element, out);
    } else if (tag === 'br') {
      out.text(' ');
    } else if (BLOCK_ELEMENTS.has(tag)) {
      out.flush();
      walk(element, depth + 1, out);
      out.flush();
    } else if (isCode(element)) {
      out.text(textOf(element));
    } else {
      if (tag === 'a') out.link(element);
      walk(element, depth + 1, out);
    }
  }
}

function pageBase(document: HtmlDocument): string | null {
  const candidates = [
    document.querySelector('base[href]')?.getAttribute('href'),
    document.querySelector('link[rel="canonical"][href]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url"][content]')?.getAttribute('content'),
  ];
  for (const candidate of candidates) {
    const url = safeUrl(candidate);
    if (url && /^https?:/.test(url)) return url;
  }
  return null;
}

function textLength(element: HtmlElement): number {
  return element.textContent?.length ?? 0;
}

/** The article itself: an <article> (the one holding the <h1>, else the longest), <main>, [role=main]. */
function articleRoot(document: HtmlDocument): HtmlElement | null {
  const articles = Array.from(document.querySelectorAll('article'));
  const titled = articles.find((article) => article.querySelector('h1'));
  if (titled) return titled;
  if (articles.length > 0) {
    return articles.reduce((longest, article) =>
      textLength(article) > textLength(longest) ? article : longest,
    );
  }
  return document.querySelector('main') ?? document.querySelector('[role="main"]');
}

function blocksOf(root: HtmlElement, base: string | null): OutlineBlock[] {
  const out = new BlockCollector(base);
  walk(root, 0, out);
  out.flush();
  return out.blocks;
}

/** Removes boxes of facts (infoboxes, navboxes, references): their dates and numbers are not the page's. */
function removeFactBoxes(root: HtmlElement): void {
  for (const element of Array.from(root.querySelectorAll('table, div'))) {
    if (FACT_BOX.test(`${element.id} ${element.className}`)) element.remove();
  }
  // Citation marks ("[12]") and "[edit]" links, by class: a heading's span has the id "References".
  for (const element of Array.from(root.querySelectorAll('span[class], sup[class]'))) {
    if (FACT_BOX.test(element.className)) element.remove();
  }
}

/** The author in a byline Readability reports ("By Jane Doe", "Jane Doe"), or null for longer text. */
function bylineAuthor(byline: string | null): string | null {
  const text = byline ? plainText(byline) : '';
  // Readability takes a byline from the author box, its "Follow Author" button included.
  if (text === '' || isPageChrome(text)) return null;
  const parsed = parseByline(text);
  if (parsed) return parsed.author;
  const name = unglued(text.replace(/^by\s+/i, ''));
  if (name === '') return null;
  return name.split(/\s+/).length <= MAX_BYLINE_WORDS ? optionalLine(name, 100) : null;
}

interface ArticleContent {
  blocks: OutlineBlock[];
  readable: { title: string | null; author: string | null; publishedOn: string | null } | null;
}

/** The blocks of the article: what Readability finds in a whole page, else its semantic root or the body. */
function contentBlocks(
  document: HtmlDocument,
  html: string,
  base: string | null,
  elements: HtmlElement[] | null,
): ArticleContent {
  const semantic = articleRoot(document);
  // Fragments (feed entries, pasted markup) are all content; only whole pages need Readability.
  const readable = elements ? mainContent(html, document, elements, semantic) : null;
  const root = readable?.root ?? semantic ?? document.body;
  removePageJunk(root, root !== document.body);
  removeFactBoxes(root);
  let blocks = blocksOf(root, base);
  if (!readable) return { blocks, readable: null };
  // Readability found text that the mapping back onto the page lost: its own rewrite is read instead.
  if (!blocks.some((block) => block.type !== 'heading')) {
    removePageJunk(readable.rewritten, true);
    removeFactBoxes(readable.rewritten);
    const rewritten = blocksOf(readable.rewritten, base);
    if (rewritten.some((block) => block.type !== 'heading')) blocks = rewritten;
  }
  return {
    blocks,
    readable: {
      title: readable.title,
      author: bylineAuthor(readable.byline),
      publishedOn: toPublicationDate(readable.publishedTime),
    },
  };
}

/**
 * Reads a saved web page or an HTML fragment: the article (Readability's choice in a whole page,
 * pruned from the page's own tree), its <h1> title, <h2> sections (<h3> when there are no <h2>),
 * lists as items, and metadata where publishers put it (JSON-LD, meta tags, tag lists).
 */
export function outlineHtml(html: string, context: OutlineContext = {}): DocumentOutline {
  const document = htmlDocument(html);
  const base = pageBase(document);
  // Readability reads its own copy of the page, paired with this one by document order: count first.
  const elements = WHOLE_PAGE.test(html) ? pageElements(document) : null;
  const { stated, fallback } = pageMetadata(document, takeTagLists(document.body));
  if (context.knownTitle) fallback.title = context.knownTitle;
  const pageTitle = document.querySelector('h1');
  const firstH1 = pageTitle && !isChromeElement(pageTitle) ? blockText(textOf(pageTitle)) : null;

  // The byline box may be pruned with what Readability dropped: its date is read first, used last.
  const boxDate = elements && !stated.publishedOn ? bylineAreaDate(document) : null;
  const { blocks, readable } = contentBlocks(document, html, base, elements);
  if (readable) {
    fallback.author ??= readable.author ?? undefined;
    fallback.publishedOn ??= readable.publishedOn ?? undefined;
  }
  fallback.publishedOn ??= boxDate ?? undefined;

  let title: string | null = null;
  const firstHeading = blocks.findIndex((block) => block.type === 'heading');
  const heading = blocks[firstHeading];
  const headingIsTitle =
    heading?.type === 'heading' &&
    (heading.level === 1 || (firstH1 !== null && heading.text === firstH1));
  if (headingIsTitle) {
    title = heading.text;
    blocks.splice(firstHeading, 1);
  }
  // An <h1> outside the article may be the site's name; og:title and JSON-LD come first, <title> last.
  fallback.title ??=
    firstH1 || readable?.title || document.querySelector('title')?.textContent?.trim() || undefined;
  if (fallback.title && !context.knownTitle) {
    const author = stated.author ?? fallback.author;
    fallback.title = withoutSiteName(fallback.title, [
      ...siteNames(document),
      ...(author ? [author.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')] : []),
    ]);
  }
  return { title, stated, fallback, blocks };
}
