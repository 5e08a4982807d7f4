import { Readability } from '@mozilla/readability';
import {
  type DocumentOutline,
  type OutlineBlock,
  type OutlineContext,
  type StatedMetadata,
} from './document-outline.js';
import {
  BLOCK_ELEMENTS,
  CDATA_SECTION_NODE,
  ELEMENT_NODE,
  type HtmlDocument,
  type HtmlElement,
  type HtmlNode,
  htmlDocument,
  removePageJunk,
  TEXT_NODE,
  textOf,
} from './html-text.js';
import { safeUrl } from './link-url.js';
import { plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { normalizeTags } from './tag-line.js';

const HEADING = /^h([1-6])$/;
const LISTS = new Set(['ul', 'ol', 'menu']);
const LEAF_BLOCKS = new Set('p pre dt dd figcaption caption summary address td th'.split(' '));
const LEAD_WRAPPERS = new Set(['p', 'span', 'div', 'em', 'i', 'u', 'mark']);
const LEAD_SEPARATOR = /^[—–:|-]/u;
/** Deeper than this, an element's text is read as one paragraph instead of walked (2 MB of nested divs). */
const MAX_WALK_DEPTH = 150;
const MAX_READABILITY_ELEMENTS = 10_000;
const MAX_READABILITY_DEPTH = 100;
const WHOLE_PAGE = /<(?:html|body)[\s>]/i;

/** Collects blocks while the walker streams through the tree; inline text waits for the next block edge. */
class BlockCollector {
  readonly blocks: OutlineBlock[] = [];
  private inline: string[] = [];
  private inlineUrl: string | null = null;

  constructor(private readonly base: string | null) {}

  text(text: string): void {
    this.inline.push(text);
  }

  link(element: HtmlElement): void {
    this.inlineUrl ??= safeUrl(element.getAttribute('href'), this.base);
  }

  paragraph(raw: string, url: string | null): void {
    const text = plainText(raw);
    if (text !== '') this.blocks.push({ type: 'paragraph', text, url });
  }

  flush(): void {
    const text = plainText(this.inline.join(''));
    if (text !== '') this.blocks.push({ type: 'paragraph', text, url: this.inlineUrl });
    this.inline = [];
    this.inlineUrl = null;
  }

  firstLink(element: HtmlElement): string | null {
    if (element.localName === 'a') {
      const own = safeUrl(element.getAttribute('href'), this.base);
      if (own) return own;
    }
    const links = element.querySelectorAll('a[href]');
    for (let index = 0; index < links.length; index++) {
      const url = safeUrl(links[index].getAttribute('href'), this.base);
      if (url) return url;
    }
    return null;
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
  if (heading) return plainText(textOf(heading));
  let node: HtmlElement = item;
  for (let depth = 0; depth < 5; depth++) {
    const first = firstMeaningfulChild(node);
    if (!first || first.nodeType !== ELEMENT_NODE) return null;
    const element = first as HtmlElement;
    const tag = element.localName;
    if (tag === 'strong' || tag === 'b') return plainText(textOf(element));
    if (tag === 'a') {
      const linkText = plainText(textOf(element));
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
  const text = plainText(textOf(item));
  if (text === '') return;
  out.blocks.push({ type: 'item', text, lead: markedLead(item, text), url: out.firstLink(item) });
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
      const text = plainText(textOf(element));
      if (text !== '') {
        out.blocks.push({
          type: 'heading',
          level: Number(heading[1]),
          text,
          url: out.firstLink(element),
        });
      }
    } else if (depth > MAX_WALK_DEPTH || LEAF_BLOCKS.has(tag)) {
      out.flush();
      out.paragraph(textOf(element), out.firstLink(element));
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
    } else {
      if (tag === 'a') out.link(element);
      walk(element, depth + 1, out);
    }
  }
}

function metaContent(document: HtmlDocument, selector: string): string | null {
  const content = document.querySelector(selector)?.getAttribute('content')?.trim();
  return content ? content : null;
}

function pageBase(document: HtmlDocument): string | null {
  const candidates = [
    document.querySelector('base[href]')?.getAttribute('href'),
    document.querySelector('link[rel="canonical"][href]')?.getAttribute('href'),
    metaContent(document, 'meta[property="og:url"]'),
  ];
  for (const candidate of candidates) {
    const url = safeUrl(candidate);
    if (url && /^https?:/.test(url)) return url;
  }
  return null;
}

/** Metadata the page states in <meta> tags; the byline and <time> under the title come later. */
function metaTags(document: HtmlDocument): { stated: StatedMetadata; fallback: StatedMetadata } {
  const stated: StatedMetadata = {};
  const fallback: StatedMetadata = {};
  const published = toPublicationDate(
    metaContent(document, 'meta[property="article:published_time"]') ??
      metaContent(document, 'meta[itemprop="datePublished"]') ??
      metaContent(document, 'meta[name="date"]') ??
      metaContent(document, 'meta[name="dc.date"]'),
  );
  if (published) stated.publishedOn = published;
  const author =
    metaContent(document, 'meta[name="author"]') ??
    metaContent(document, 'meta[property="article:author"]');
  if (author && !/^https?:/i.test(author)) stated.author = author;
  const tags = [
    ...(metaContent(document, 'meta[name="keywords"]')?.split(',') ?? []),
    ...Array.from(
      document.querySelectorAll('meta[property="article:tag"]'),
      (meta) => meta.getAttribute('content') ?? '',
    ),
  ];
  const normalized = normalizeTags(tags);
  if (normalized.length > 0) stated.tags = normalized;
  const description =
    metaContent(document, 'meta[name="description"]') ??
    metaContent(document, 'meta[property="og:description"]');
  if (description) fallback.summary = description;
  const title = metaContent(document, 'meta[property="og:title"]');
  if (title) fallback.title = title;
  const time = document.querySelector('time[datetime]')?.getAttribute('datetime');
  const timeDate = toPublicationDate(time);
  if (timeDate) fallback.publishedOn = timeDate;
  return { stated, fallback };
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

/** Element count and depth, measured without recursion. */
function treeShape(root: HtmlElement): { elements: number; depth: number } {
  let elements = 0;
  let depth = 0;
  const pending: [HtmlElement, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [element, level] = pending.pop()!;
    elements++;
    depth = Math.max(depth, level);
    const children = element.children;
    for (let index = 0; index < children.length; index++) {
      pending.push([children[index], level + 1]);
    }
  }
  return { elements, depth };
}

/** Readability finds the content of pages without semantic markup; it changes the tree, so it gets its own copy. */
function readableRoot(
  html: string,
  original: HtmlDocument,
): { root: HtmlElement; title: string | null } | null {
  // Readability recurses and rescans the tree: past these sizes it is slow or overflows the stack.
  const shape = treeShape(original.documentElement);
  if (shape.elements > MAX_READABILITY_ELEMENTS || shape.depth > MAX_READABILITY_DEPTH) return null;
  try {
    // The page's shape was checked when it was first parsed; Readability's output is a part of it.
    const copy = htmlDocument(html, true);
    const article = new Readability(copy, {
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
    }).parse();
    if (!article?.content) return null;
    const root = htmlDocument(article.content, true).body;
    return { root, title: article.title ?? null };
  } catch {
    // Readability gives up on huge or odd trees; the whole body is read instead.
    return null;
  }
}

function blocksOf(root: HtmlElement, base: string | null): OutlineBlock[] {
  const out = new BlockCollector(base);
  walk(root, 0, out);
  out.flush();
  return out.blocks;
}

/** The blocks of the article: its semantic root, else what Readability finds in a whole page, else the body. */
function contentBlocks(
  document: HtmlDocument,
  html: string,
  base: string | null,
): { blocks: OutlineBlock[]; readableTitle: string | null } {
  const article = articleRoot(document);
  if (article) {
    removePageJunk(article, true);
    return { blocks: blocksOf(article, base), readableTitle: null };
  }
  // Fragments (feed entries, pasted markup) are all content; only whole pages need Readability.
  const readable = WHOLE_PAGE.test(html) ? readableRoot(html, document) : null;
  if (readable) {
    removePageJunk(readable.root, true);
    const blocks = blocksOf(readable.root, base);
    if (blocks.some((block) => block.type === 'heading')) {
      return { blocks, readableTitle: readable.title };
    }
  }
  removePageJunk(document.body, false);
  return { blocks: blocksOf(document.body, base), readableTitle: null };
}

/**
 * Reads a saved web page or an HTML fragment: the article, its <h1> title, <h2> sections (<h3>
 * when there are no <h2>), lists as items, and the page's meta tags and <time> for metadata.
 */
export function outlineHtml(html: string, context: OutlineContext = {}): DocumentOutline {
  const document = htmlDocument(html);
  const base = pageBase(document);
  const { stated, fallback } = metaTags(document);
  if (context.knownTitle) fallback.title = context.knownTitle;
  const pageTitle = document.querySelector('h1');
  const firstH1 = pageTitle ? plainText(textOf(pageTitle)) : null;

  const content = contentBlocks(document, html, base);
  const { blocks } = content;
  if (content.readableTitle && !firstH1) fallback.title ??= content.readableTitle;

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
  // An <h1> outside the article may be the site's name; og:title comes first, <title> last.
  fallback.title ??= firstH1 || document.querySelector('title')?.textContent?.trim();
  return { title, stated, fallback, blocks };
}
