/**
 * Text as it is indexed and queried. Briefings pasted from word processors and news sites carry
 * look-alike characters: a non-breaking hyphen (U+2011) in "8th‑gen" makes one unsearchable word
 * of it, curly quotes keep a phrase query from being a phrase. Both the documents and the queries
 * go through `foldText`, so they always meet.
 */

/** Hyphens and dashes of every kind (U+2010-2015, minus sign, small/fullwidth forms...) → "-". */
const DASHES = /[\u2010-\u2015\u2212\u2043\uFE58\uFE63\uFF0D\u00AD\u058A\u05BE\u1806\u2E3A\u2E3B]/g;
/** Soft hyphens and zero-width characters split words invisibly: removed. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** Curly, low and angle double quotes → '"'; single ones and primes → "'". */
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2039\u203A\u2032\u02BC\uFF07`´]/g;
/** Non-breaking and other wide spaces → a plain space. */
const SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;

/** NFKC (ligatures, fullwidth letters) and the look-alikes above folded to their ASCII forms. */
export function foldText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(SPACES, ' ');
}

/**
 * Markdown as the words a reader sees: emphasis, code marks, quote and list markers, headings,
 * link and image syntax go, their text stays. Indexed this way, a snippet never shows `**x**`.
 */
export function plainText(markdown: string): string {
  return (
    markdown
      // Fenced code: keep the code, drop the fences.
      .replace(/^\s*(```|~~~)[^\n]*$/gm, '')
      // Images and links: their text.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      // Block markers at a line's start: quotes, headings, list bullets, rules.
      .replace(/^[ \t]*(>[ \t]?)+/gm, '')
      .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
      .replace(/^[ \t]*[-*+][ \t]+(\[[ xX]\][ \t]+)?/gm, '')
      .replace(/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm, '')
      // Inline code, bold, italics, strike-through: the text inside.
      .replace(/`+([^`]+)`+/g, '$1')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
      .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
      // Autolinks and HTML-looking tags.
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** What a document's text becomes in the index. */
export const indexedText = (markdown: string): string => plainText(foldText(markdown));
