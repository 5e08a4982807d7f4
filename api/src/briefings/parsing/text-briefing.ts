import { parseByline, type Byline } from './byline.js';
import {
  type DocumentOutline,
  type OutlineBlock,
  type OutlineContext,
} from './document-outline.js';
import { readHeaderLines, statedFromHeaderLines } from './header-lines.js';
import { uniqueLinks } from './link-url.js';
import { isPageChrome } from './page-chrome.js';
import { collapseWhitespace } from './plain-text.js';
import { findDate } from './publication-date.js';
import {
  discussionPrompt,
  headingKind,
  isDiscussionHeading,
  isReadMore,
} from './section-heading.js';
import { parseTagLine } from './tag-line.js';

// Round bullets mark an item even when glued to the text ("・AIインフラ…"); dashes and numbers need a space.
const BULLET = /^(?:[•◦▪▸►‣⁃●・]\s*|[·*–-]\s+|\d{1,3}[.)]\s+)/u;
const BARE_URL = /https?:\/\/[^\s<>"“”‘’]+/gu;
const URL_TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const TITLE_CLOSE = /[.,;:!。！，；：]$/u;
const HEADING_CLOSE = /[.,;:!?。！？…，；：]$/u;
const MAX_TITLE_LENGTH = 200;
const MAX_HEADING_LENGTH = 100;
const MAX_HEADING_WORDS = 12;
// The title and its meta line sit at the top; a dated line further down is part of the news.
const TITLE_SEARCH_DEPTH = 8;
// How far past a candidate heading a "Read more →" marks it as a related entry's title instead.
const ENTRY_LOOKAHEAD = 3;
/** A heading line starts a wrapped paragraph when it is this much shorter than the lines under it. */
const HEADING_WIDTH_RATIO = 0.6;

interface Paragraph {
  bullet: boolean;
  text: string;
  byline: Byline | null;
  title: boolean;
  heading: boolean;
  readMore: boolean;
}

function isHeadingLine(text: string): boolean {
  return (
    text.length <= MAX_HEADING_LENGTH &&
    !HEADING_CLOSE.test(text) &&
    !STARTS_LOWERCASE.test(text) &&
    text.split(' ').length <= MAX_HEADING_WORDS &&
    discussionPrompt(text) === null &&
    !isReadMore(text)
  );
}

function toParagraph(bullet: boolean, lines: string[], knownByline?: Byline | null): Paragraph {
  const text = collapseWhitespace(lines.join(' '));
  const byline = bullet ? null : knownByline === undefined ? parseByline(text) : knownByline;
  const prose = !bullet && byline === null;
  const title =
    prose &&
    text.length <= MAX_TITLE_LENGTH &&
    !TITLE_CLOSE.test(text) &&
    !STARTS_LOWERCASE.test(text) &&
    discussionPrompt(text) === null &&
    !isReadMore(text) &&
    parseTagLine(text) === null;
  return {
    bullet,
    text,
    byline,
    title,
    heading: title && isHeadingLine(text),
    readMore: prose && isReadMore(text),
  };
}

interface OpenParagraph {
  bullet: boolean;
  lines: string[];
}

/** The copy can glue the next title under the paragraph above its meta line; that line is split off. */
function takeGluedTitle(open: OpenParagraph | null): string | null {
  if (!open || open.lines.length < 2) return null;
  const last = open.lines[open.lines.length - 1];
  if (!toParagraph(false, [last]).title) return null;
  open.lines.pop();
  return last;
}

/**
 * Groups lines into paragraphs. With blank lines between paragraphs, wrapped lines are joined;
 * a copy with no blank lines at all (one paragraph per line) is read line by line.
 */
function paragraphsOf(content: string): Paragraph[] {
  const lines = content.split('\n');
  let blank = 0;
  for (const line of lines) if (line.trim() === '') blank++;
  const linePerParagraph = blank === 0 || blank * 20 < lines.length;

  const paragraphs: Paragraph[] = [];
  let open: OpenParagraph | null = null;
  const close = () => {
    if (!open) return;
    const { bullet, lines: held } = open;
    open = null;
    if (!bullet && held.length > 1 && isHeadingLine(collapseWhitespace(held[0]))) {
      const widest = Math.max(...held.slice(1, 4).map((line) => line.length));
      if (held[0].length < widest * HEADING_WIDTH_RATIO) {
        paragraphs.push(toParagraph(false, [held[0]]));
        held.shift();
      }
    }
    paragraphs.push(toParagraph(bullet, held));
  };

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || isPageChrome(line)) {
      close();
      continue;
    }
    const bullet = BULLET.exec(line);
    const byline = bullet ? null : parseByline(line);
    if (bullet) {
      close();
      open = { bullet: true, lines: [line.slice(bullet[0].length)] };
    } else if (byline || isReadMore(line)) {
      // Meta lines and "Read more →" are paragraphs of their own even without blank lines around them.
      const glued = byline ? takeGluedTitle(open) : null;
      close();
      if (glued !== null) paragraphs.push(toParagraph(false, [glued]));
      paragraphs.push(toParagraph(false, [line], byline));
    } else if (open && !linePerParagraph && discussionPrompt(line) === null) {
      open.lines.push(line);
    } else {
      close();
      open = { bullet: false, lines: [line] };
    }
    if (linePerParagraph) close();
  }
  close();
  return paragraphs.filter((paragraph) => paragraph.text !== '');
}

/** The web addresses written out in a paragraph, in order, without repeats. */
function bareUrls(text: string): string[] {
  return uniqueLinks(
    Array.from(text.matchAll(BARE_URL), (match) => match[0].replace(URL_TRAILING_PUNCTUATION, '')),
  );
}

/** Where each briefing starts: a title line followed by its meta line (a later one must be dated). */
function briefingStarts(paragraphs: Paragraph[]): number[] {
  const starts: number[] = [];
  let structureSinceStart = false;
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index];
    const previous = paragraphs[index - 1];
    if (paragraph.byline && previous?.title) {
      const { publishedOn, author, readingMinutes } = paragraph.byline;
      if (starts.length === 0 && index <= TITLE_SEARCH_DEPTH) {
        starts.push(index - 1);
        structureSinceStart = false;
        continue;
      }
      const dated = publishedOn !== null || findDate(previous.text) !== null;
      const bylined =
        author !== null || readingMinutes !== null || findDate(previous.text) !== null;
      if (
        starts.length > 0 &&
        structureSinceStart &&
        dated &&
        bylined &&
        index - 1 > starts.at(-1)!
      ) {
        starts.push(index - 1);
        structureSinceStart = false;
        continue;
      }
    }
    if (paragraph.bullet || paragraph.heading) structureSinceStart = true;
  }
  if (starts.length === 0) {
    const first = paragraphs.findIndex((paragraph) => paragraph.title);
    if (first !== -1) starts.push(first);
  }
  return starts;
}

/** A "Read more →" closes the paragraphs just after this one: they are an entry of related reading. */
function closedByReadMore(paragraphs: Paragraph[], index: number): boolean {
  for (let next = index + 1; next <= index + ENTRY_LOOKAHEAD && next < paragraphs.length; next++) {
    if (paragraphs[next].bullet) return false;
    if (paragraphs[next].readMore) return true;
  }
  return false;
}

/** Whether a heading-like line is the title of a related-reading entry rather than a new section. */
function isRelatedEntryTitle(
  paragraphs: Paragraph[],
  index: number,
  sectionHeading: string | null,
  sectionIsEmpty: boolean,
): boolean {
  if (sectionHeading === null || paragraphs[index + 1]?.bullet) return false;
  const inRelated = headingKind(sectionHeading) === 'related';
  if (!closedByReadMore(paragraphs, index)) {
    // Without "Read more →" lines, a related section's entries are title / description pairs.
    const described = paragraphs[index + 1] !== undefined && !paragraphs[index + 1].heading;
    return inRelated && described && headingKind(paragraphs[index].text) === 'items';
  }
  return inRelated || sectionIsEmpty || paragraphs[index - 1]?.readMore === true;
}

function outlineBlocks(paragraphs: Paragraph[]): OutlineBlock[] {
  const blocks: OutlineBlock[] = [];
  let sectionHeading: string | null = null;
  let sectionIsEmpty = true;
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index];
    const links = bareUrls(paragraph.text);
    const url = links[0] ?? null;
    if (paragraph.bullet) {
      blocks.push({ type: 'item', text: paragraph.text, lead: null, url, links });
      sectionIsEmpty = false;
      continue;
    }
    if (paragraph.heading && sectionHeading !== null && isDiscussionHeading(paragraph.text)) {
      // One level below the sections, so the prompt stays with the section above it.
      blocks.push({ type: 'heading', level: 3, text: paragraph.text, url: null });
      continue;
    }
    if (
      paragraph.heading &&
      !isRelatedEntryTitle(paragraphs, index, sectionHeading, sectionIsEmpty) &&
      // Before the first section, a heading-like line right above another is an unpunctuated summary.
      !(
        sectionHeading === null &&
        paragraphs[index + 1]?.heading &&
        !closedByReadMore(paragraphs, index + 1) &&
        headingKind(paragraph.text) === 'items'
      )
    ) {
      blocks.push({ type: 'heading', level: 2, text: paragraph.text, url: null });
      sectionHeading = paragraph.text;
      sectionIsEmpty = true;
      continue;
    }
    blocks.push({ type: 'paragraph', text: paragraph.text, url, links });
    if (sectionHeading !== null) sectionIsEmpty = false;
  }
  return blocks;
}

function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/**
 * Reads a briefing (already through `normalizeDocument`) as copied from its web page: page chrome, a title line, a meta line glued by the
 * copy ("May 7, 2026By The CTO6 min read"), a tag line, a summary, then sections of bullets,
 * "Discussion:" prompts, a takeaway and related reading. Two briefings pasted together give two outlines.
 */
export function outlineText(content: string, context: OutlineContext = {}): DocumentOutline[] {
  // Pelican-style "Title: …" / "Date: …" lines state the metadata of one document.
  const header = readHeaderLines(content);
  if (header) {
    const stated = statedFromHeaderLines(header.fields);
    const blocks = outlineBlocks(paragraphsOf(header.body));
    return [{ title: stated.title ?? null, stated, fallback: {}, blocks }];
  }
  const paragraphs = paragraphsOf(content);
  if (context.knownTitle !== undefined) {
    const known = context.knownTitle;
    const repeated = paragraphs.findIndex((paragraph) => paragraph.title);
    const rest =
      repeated !== -1 &&
      repeated <= TITLE_SEARCH_DEPTH &&
      sameText(paragraphs[repeated].text, known)
        ? paragraphs.slice(repeated + 1)
        : paragraphs;
    return [{ title: known, stated: {}, fallback: {}, blocks: outlineBlocks(rest) }];
  }
  const starts = briefingStarts(paragraphs);
  if (starts.length === 0) {
    return [{ title: null, stated: {}, fallback: {}, blocks: outlineBlocks(paragraphs) }];
  }
  return starts.map((start, index) => ({
    title: paragraphs[start].text,
    stated: {},
    fallback: {},
    blocks: outlineBlocks(paragraphs.slice(start + 1, starts[index + 1] ?? paragraphs.length)),
  }));
}
