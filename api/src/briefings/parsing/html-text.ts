import { decodeHTML } from 'entities';
import { parseHTML } from 'linkedom';
import { checkHtmlShape } from './markup-shape.js';
import { collapseWhitespace } from './plain-text.js';

/** The slice of the DOM the parsers use; linkedom's typings lean on lib.dom, which the api does not load. */
export interface HtmlNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<HtmlNode>;
  readonly textContent: string | null;
  readonly parentElement: HtmlElement | null;
}

export interface HtmlElement extends HtmlNode {
  readonly localName: string;
  readonly id: string;
  readonly className: string;
  readonly children: ArrayLike<HtmlElement>;
  readonly innerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
  remove(): void;
}

export interface HtmlDocument {
  readonly documentElement: HtmlElement;
  readonly body: HtmlElement;
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

/** Elements whose text is never briefing text, wherever they sit. */
const NEVER_TEXT = new Set(
  (
    'script style noscript template iframe frame frameset object embed applet svg math canvas ' +
    'button select textarea input label dialog img picture video audio source track map link ' +
    'meta head title base'
  ).split(' '),
);
/** Page furniture around an article (and the sidebars inside it). */
const PAGE_FURNITURE = new Set(['nav', 'aside', 'footer']);
const FURNITURE_ROLES = new Set([
  'navigation',
  'complementary',
  'contentinfo',
  'banner',
  'search',
  'dialog',
  'alertdialog',
]);
// Text for screen readers only ("Opens a new window", "Skip to content"), and inline-hidden elements.
const SCREEN_READER_ONLY =
  /(?:^|\s)(?:sr-only|sr-text|visually-hidden|visuallyhidden|screen-reader-text|screen-reader-only|screenreader-only|element-invisible|a11y-only|offscreen)(?:$|\s)/i;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
/** Chrome is small; past this much text an element named "share-enabled" or "has-comments" is the article. */
const MAX_CHROME_TEXT = 2_000;
// Class and id words of page chrome: banners, share bars, sign-up and login boxes, comment widgets.
const CHROME_NAME =
  /cookie|consent|gdpr|(?:^|[\s_-])(?:newsletters?|subscribe|subscription|signup|sign-up|login|log-in|signin|sign-in|register|paywall|adverts?|advertisement|ads|ad-slot|promo|sponsored|credits?|photo-credit|via|share|shares|sharing|sharebar|share-bar|social|socials|comments?|comment-list|disqus|breadcrumbs?|skip-link|skip-links|skip-to-content|jump|jump-link|popup|modal|recirculation|related-list|related-posts|related-articles|related-stories|more-stories|most-popular|outbrain|taboola)(?:$|[\s_-])/i;

export const BLOCK_ELEMENTS = new Set(
  (
    'address article aside blockquote body caption center dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol ' +
    'p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);

const BLOCK_END = Symbol('block end');
const CODE_END = Symbol('code end');
/** Code keeps the backticks plain text marks it with, so `<div>` in a post about HTML reads as code. */
export const CODE_ELEMENTS = new Set(['code', 'kbd', 'samp', 'tt']);

/** Whether an element's text is code to be set off with backticks (a <pre> only when no <code> inside does it). */
export function isCode(element: HtmlElement): boolean {
  const tag = element.localName;
  return CODE_ELEMENTS.has(tag) || (tag === 'pre' && !element.querySelector('code, kbd, samp, tt'));
}

/** linkedom's document under the slice of the DOM this code reads (its own types do not resolve under the type-aware linter). */
function parseDocument(source: string): HtmlDocument {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unnecessary-type-assertion -- linkedom's types do not resolve for ESLint; tsc checks this line
  return parseHTML(source).document as unknown as HtmlDocument;
}

function parsedWithBody(source: string): HtmlDocument | null {
  const document = parseDocument(source);
  try {
    // linkedom's body getter throws on some broken documents (e.g. two doctypes before <html>).
    return document.documentElement && document.body ? document : null;
  } catch {
    return null;
  }
}

/**
 * Parses HTML into a document with a body; a fragment is wrapped first, or linkedom would make its
 * first tag the root. Markup past PARSE_LIMITS is refused before linkedom reads it, unless the
 * caller already checked this very markup (or made it from a checked tree).
 */
export function htmlDocument(html: string, shapeChecked = false): HtmlDocument {
  if (!shapeChecked) checkHtmlShape(html);
  const whole = /<html[\s>]/i.test(html.slice(0, 4096));
  const wrapped = `<!doctype html><html><head></head><body>${html}</body></html>`;
  return (
    (whole ? parsedWithBody(html) : null) ??
    parsedWithBody(wrapped) ??
    parseDocument('<!doctype html><html><head></head><body></body></html>')
  );
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/**
 * CMSs escape text twice ("&amp;quot;"), so entities survive parsing; such text is decoded once
 * more. Code (in backticks) may show entities on purpose and is left alone.
 */
export function decoded(text: string): string {
  return ENTITY.test(text) && !text.includes('`') ? decodeHTML(text) : text;
}

/** Text of an element with a space at every block edge and <br>, so "<li>a</li><li>b</li>" is not "ab". */
export function textOf(root: HtmlNode): string {
  const parts: string[] = [];
  const pending: (HtmlNode | typeof BLOCK_END | typeof CODE_END)[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node === BLOCK_END) {
      parts.push(' ');
      continue;
    }
    if (node === CODE_END) {
      parts.push('`');
      continue;
    }
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      parts.push(node.textContent ?? '');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = (node as HtmlElement).localName;
    if (NEVER_TEXT.has(tag)) continue;
    if (tag === 'br' || BLOCK_ELEMENTS.has(tag)) {
      parts.push(' ');
      pending.push(BLOCK_END);
    }
    if (isCode(node as HtmlElement) && (node.textContent ?? '').trim() !== '') {
      parts.push('`');
      pending.push(CODE_END);
    }
    const children = node.childNodes;
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
  return parts.join('');
}

/** An element whose name or role says it is page chrome (a banner, a share bar, a sign-up box, navigation). */
export function isChromeElement(element: HtmlElement): boolean {
  const tag = element.localName;
  if (NEVER_TEXT.has(tag) || PAGE_FURNITURE.has(tag)) return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const role = element.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role)) return true;
  const style = element.getAttribute('style');
  if (style && HIDDEN_STYLE.test(style)) return true;
  const names = `${element.id} ${typeof element.className === 'string' ? element.className : ''}`;
  if (SCREEN_READER_ONLY.test(names)) return true;
  if (!CHROME_NAME.test(names)) return false;
  // Markup indentation is no text: only the words count against the limit.
  const text = element.textContent ?? '';
  return text.length <= MAX_CHROME_TEXT || collapseWhitespace(text).length <= MAX_CHROME_TEXT;
}

function isJunk(element: HtmlElement, keepHeaders: boolean): boolean {
  const tag = element.localName;
  if (tag === 'header' && !keepHeaders && !element.querySelector('h1')) return true;
  // Some sites wrap the whole page in one <form>; only a form without headings is a sign-up box.
  if (tag === 'form' && !element.querySelector('h1, h2, h3')) return true;
  return isChromeElement(element);
}

/**
 * Removes what is not the briefing: scripts, styles, embeds, forms, navigation, sidebars, footers,
 * hidden elements and banners. Attributes (onclick, javascript: links) never reach the text anyway.
 */
export function removePageJunk(root: HtmlElement, keepHeaders: boolean): void {
  const elements = Array.from(root.querySelectorAll('*'));
  for (const element of elements) {
    if (isJunk(element, keepHeaders)) element.remove();
  }
}

/** Plain text of an HTML snippet (an Atom title, a raw HTML block in Markdown). */
export function plainTextOfHtml(html: string): string {
  const document = htmlDocument(html);
  const { body } = document;
  removePageJunk(body, true);
  return textOf(body);
}
