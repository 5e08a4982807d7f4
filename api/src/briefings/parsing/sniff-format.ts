import { type SourceFormat } from './parsed-briefing.js';

// Sniffing looks at the head of the document only, so a 2 MB upload costs no more than a small one.
const SNIFF_WINDOW = 64 * 1024;
const XML_PROLOG = /^(?:<\?xml[^>]{0,500}\?>|<!--[\s\S]{0,2000}?-->|<!DOCTYPE[^>]{0,1000}>|\s)*/iu;
// Any namespace prefix: `<a:feed xmlns:a="http://www.w3.org/2005/Atom">` is Atom too.
const FEED_ROOT = /^<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]/iu;
const HTML_DOCUMENT = /<(?:!doctype\s+html|html|head|body|article)[\s>/]/iu;
const HTML_BLOCK_TAG = /<(?:p|div|h[1-6]|ul|ol|li|section|main|table|blockquote|br)[\s>/]/giu;
const FRONT_MATTER = /^---[A-Za-z]*[ \t]*\r?\n/u;
const MARKDOWN_SIGNS =
  /^#{1,6}[ \t]+\S|^[ \t]{0,3}(?:[-*+]|\d{1,3}\.)[ \t]+\*\*\S|\*\*(?:discussion|discuss)[ \t]?[:：]?[ \t]?\*\*|\[[^\]\n]{1,300}\]\((?:https?:|\/|#)[^)\s]{0,2000}\)/imu;
const JSON_START = /^[{[]\s*["{[\]}]/u;

export interface Sniffed {
  format: SourceFormat;
  /** The parsed value when the document is JSON, so it is parsed once. */
  json?: unknown;
}

function parsedJson(content: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(content) };
  } catch {
    return null;
  }
}

function hasFrontMatter(head: string): boolean {
  return FRONT_MATTER.test(head) && /\n---[ \t]*(?:\r?\n|$)/u.test(head.slice(3));
}

/** Guesses a trimmed, non-binary document's format; see docs/briefing-format.md for the rules. */
export function sniffTrimmed(trimmed: string): Sniffed {
  const first = trimmed[0];
  if (first === '{' || first === '[') {
    const json = parsedJson(trimmed);
    if (json) return { format: 'json', json: json.value };
    // Looks like JSON but does not parse: reported as broken JSON rather than read as prose.
    if (JSON_START.test(trimmed)) return { format: 'json' };
  }
  const head = trimmed.slice(0, SNIFF_WINDOW);
  if (first === '<') {
    const prolog = XML_PROLOG.exec(head)?.[0].length ?? 0;
    if (FEED_ROOT.test(head.slice(prolog))) return { format: 'feed' };
  }
  if (hasFrontMatter(head)) return { format: 'markdown' };
  if (HTML_DOCUMENT.test(head)) return { format: 'html' };
  if (MARKDOWN_SIGNS.test(head)) return { format: 'markdown' };
  HTML_BLOCK_TAG.lastIndex = 0;
  if (HTML_BLOCK_TAG.test(head) && HTML_BLOCK_TAG.test(head)) return { format: 'html' };
  return { format: 'text' };
}
