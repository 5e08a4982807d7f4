import { Readability } from '@mozilla/readability';
import { parseByline } from './byline.js';
import {
  ELEMENT_NODE,
  type HtmlDocument,
  type HtmlElement,
  type HtmlNode,
  htmlDocument,
  TEXT_NODE,
  isChromeElement,
  textOf,
} from './html-text.js';
import { isPageChrome } from './page-chrome.js';
import { plainText } from './plain-text.js';

// Readability on linkedom takes about a second per 10,000 elements; bigger pages are read by their semantic root.
const MAX_READABILITY_ELEMENTS = 6_000;
const MAX_READABILITY_DEPTH = 100;
const MARK = 'data-briefroom-node';
const HEADING = /^h[1-6]$/;
const LISTS = new Set(['ul', 'ol', 'dl']);
// Inline elements Readability drops from kept paragraphs are links it unwrapped (javascript:) or empty ones.
const INLINE = new Set(
  'a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u var'.split(
    ' ',
  ),
);
/** Text Readability moved out of a <div> is a paragraph from this length on (Readability scores from 25). */
const MIN_MOVED_TEXT = 60;
/** A byline line is short; a longer dropped paragraph is never rescued as one. */
const MAX_BYLINE_LENGTH = 200;

/** What Readability found in a whole page, mapped back onto the page's own tree. */
export interface MainContent {
  /** The element holding the article (in the page passed in). */
  root: HtmlElement;
  /** Readability's own rewrite of the article (in its copy of the page), read when `root` yields no text. */
  rewritten: HtmlElement;
  title: string | null;
  byline: string | null;
  publishedTime: string | null;
}

type ReadabilityArticle = NonNullable<ReturnType<Readability<HtmlElement>['parse']>>;

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

/** Every element of a page in document order, counted before anything changes the tree. */
export function pageElements(document: HtmlDocument): HtmlElement[] {
  return Array.from(document.documentElement.querySelectorAll('*'));
}

/** The elements Readability keeps, as elements of `original`; Readability changes the tree, so it reads its own copy. */
function readabilityKeeps(
  html: string,
  original: HtmlElement[],
): {
  kept: HtmlElement[];
  moved: HtmlElement[];
  article: ReadabilityArticle;
  content: HtmlElement;
} | null {
  // The page's shape was checked when it was first parsed; the copy is the same markup.
  const copy = htmlDocument(html, true);
  const copies = pageElements(copy);
  // Both trees come from one parser and one markup, so elements pair up by document order.
  if (copies.length !== original.length) return null;
  copies.forEach((element, index) => element.setAttribute(MARK, String(index)));
  // Readability moves text that sits directly in a <div> into <p>s it makes: the same text node
  // objects, so each is traced back to its element in `original`.
  const textHomes = new Map<HtmlNode, HtmlElement>();
  copies.forEach((element, index) => {
    const children = element.childNodes;
    for (let position = 0; position < children.length; position++) {
      const child = children[position];
      if (child.nodeType === TEXT_NODE && (child.textContent ?? '').trim() !== '') {
        textHomes.set(child, original[index]);
      }
    }
  });
  // Readability is typed for lib.dom, which the api does not load: its Document and Node are `any` here.
  const article = new Readability<HtmlElement>(copy, {
    maxElemsToParse: MAX_READABILITY_ELEMENTS,
    serializer: (node: HtmlElement) => node,
  }).parse();
  const content = article?.content;
  if (!article || !content) return null;
  const kept: HtmlElement[] = [];
  for (const element of [content, ...Array.from(content.querySelectorAll(`[${MARK}]`))]) {
    const mark = element.getAttribute(MARK);
    const match = mark === null ? undefined : original[Number(mark)];
    if (match) kept.push(match);
  }
  const movedText = new Map<HtmlElement, number>();
  for (const text of textNodes(content)) {
    // Only text Readability moved: text in an element it kept is kept with that element.
    const home = text.parentElement?.hasAttribute(MARK) ? undefined : textHomes.get(text);
    if (home)
      movedText.set(home, (movedText.get(home) ?? 0) + plainText(text.textContent ?? '').length);
  }
  // A caption, a credit or a "Promoted by" line it moved is no paragraph of the article.
  const moved = [...movedText]
    .filter(([, length]) => length >= MIN_MOVED_TEXT)
    .map(([home]) => home);
  return kept.length + moved.length > 0 ? { kept, moved, article, content } : null;
}

/** Text nodes under an element, without recursion. */
function textNodes(root: HtmlNode): HtmlNode[] {
  const found: HtmlNode[] = [];
  const pending: HtmlNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.nodeType === TEXT_NODE) found.push(node);
    else if (node.nodeType === ELEMENT_NODE) {
      const children = node.childNodes;
      for (let index = 0; index < children.length; index++) pending.push(children[index]);
    }
  }
  return found;
}

/** The kept elements and every ancestor of one: what stays when the page is pruned. */
function liveSet(kept: HtmlElement[]): Set<HtmlElement> {
  const live = new Set<HtmlElement>();
  for (const element of kept) {
    for (
      let node: HtmlElement | null = element;
      node && !live.has(node);
      node = node.parentElement
    ) {
      live.add(node);
    }
  }
  return live;
}

/** The deepest element holding everything Readability kept. */
function commonRoot(top: HtmlElement, live: Set<HtmlElement>, kept: Set<HtmlElement>): HtmlElement {
  let node = top;
  for (;;) {
    if (kept.has(node)) return node;
    const liveChildren = Array.from(node.children).filter((child) => live.has(child));
    if (liveChildren.length !== 1) return node;
    node = liveChildren[0];
  }
}

function contains(ancestor: HtmlElement, element: HtmlElement): boolean {
  for (let node: HtmlElement | null = element; node; node = node.parentElement) {
    if (node === ancestor) return true;
  }
  return false;
}

function previousElement(element: HtmlElement): HtmlElement | null {
  const siblings = element.parentElement?.children;
  if (!siblings) return null;
  let previous: HtmlElement | null = null;
  for (let index = 0; index < siblings.length; index++) {
    if (siblings[index] === element) return previous;
    previous = siblings[index];
  }
  return null;
}

function sameKind(a: HtmlElement, b: HtmlElement): boolean {
  return a.localName === b.localName && a.className === b.className;
}

/**
 * Whether an element Readability dropped from the article is briefing structure after all: the
 * title or a section heading, a byline, a link it unwrapped, a card beside kept cards, a list under a kept
 * heading. Elements named or worded like page chrome never are.
 */
function rescued(element: HtmlElement, live: Set<HtmlElement>): boolean {
  if (isChromeElement(element)) return false;
  const text = plainText(textOf(element));
  if (text === '' || isPageChrome(text)) return false;
  const tag = element.localName;
  if (HEADING.test(tag)) return true;
  if (INLINE.has(tag)) return true;
  if (text.length <= MAX_BYLINE_LENGTH && parseByline(text)) return true;
  const siblings = element.parentElement?.children ?? [];
  for (let index = 0; index < siblings.length; index++) {
    const sibling = siblings[index];
    if (sibling !== element && live.has(sibling) && sameKind(sibling, element)) return true;
  }
  const previous = previousElement(element);
  return (
    LISTS.has(tag) && previous !== null && HEADING.test(previous.localName) && live.has(previous)
  );
}

/** Removes from `root` what Readability dropped, keeping the structure `rescued` vouches for. */
function prune(root: HtmlElement, live: Set<HtmlElement>): void {
  const pending: HtmlElement[] = [root];
  const doomed: HtmlElement[] = [];
  while (pending.length > 0) {
    const element = pending.pop()!;
    const children = element.children;
    for (let index = 0; index < children.length; index++) {
      const child = children[index];
      if (live.has(child)) pending.push(child);
      else if (!rescued(child, live)) doomed.push(child);
    }
  }
  for (const element of doomed) element.remove();
}

/**
 * Finds the article in a whole page with Readability and prunes the page's own tree to it, so the
 * outline keeps the page's headings and lists (Readability rewrites both). `original` is
 * `pageElements` of the page as parsed, before tag lists were taken out. `semanticRoot` (an
 * <article> or <main>) bounds the result when it holds what Readability found. Null when the page
 * is too big or odd for Readability; the caller reads it without.
 */
export function mainContent(
  html: string,
  document: HtmlDocument,
  original: HtmlElement[],
  semanticRoot: HtmlElement | null,
): MainContent | null {
  // Readability recurses and rescans the tree: past these sizes it is slow or overflows the stack.
  const shape = treeShape(document.documentElement);
  if (shape.elements > MAX_READABILITY_ELEMENTS || shape.depth > MAX_READABILITY_DEPTH) return null;
  let found: ReturnType<typeof readabilityKeeps>;
  try {
    found = readabilityKeeps(html, original);
  } catch {
    // Readability gives up on huge or odd trees; the page is read without it.
    return null;
  }
  if (!found) return null;
  // The elements Readability kept place the article; the text it moved out of <div>s only fills
  // it in (a stray "Promoted by" line it kept elsewhere would widen the article to the page).
  const placing = found.kept.length > 0 ? found.kept : found.moved;
  const common = commonRoot(document.documentElement, liveSet(placing), new Set(placing));
  const root = semanticRoot && contains(semanticRoot, common) ? semanticRoot : common;
  // With no article to find, Readability settles on whatever text there is, a menu included.
  if (isChromeElement(root)) return null;
  const inside = found.moved.filter((element) => contains(root, element));
  prune(root, liveSet([...found.kept, ...inside]));
  const { article } = found;
  return {
    root,
    rewritten: found.content,
    title: article.title ?? null,
    byline: article.byline ?? null,
    publishedTime: article.publishedTime ?? null,
  };
}
