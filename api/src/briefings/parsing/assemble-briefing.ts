import { BriefingParseError } from './briefing-parse-error.js';
import { briefingSlug, SLUG_PATTERN } from './briefing-slug.js';
import { parseByline } from './byline.js';
import { type DocumentOutline, type OutlineBlock } from './document-outline.js';
import { splitLeadSentence, splitMarkedLead, trimTitle } from './lead-sentence.js';
import { isPageChrome } from './page-chrome.js';
import { uniqueLinks } from './link-url.js';
import {
  type AssumedPart,
  type ParsedBriefing,
  type ParsedItem,
  type ParsedSection,
  type SectionKind,
} from './parsed-briefing.js';
import { joinParagraphs, optionalLine, proseText } from './plain-text.js';
import { findDate } from './publication-date.js';
import {
  discussionPrompt,
  headingKind,
  isDiscussionHeading,
  isReadMore,
} from './section-heading.js';
import { seriesFromTitle } from './series-title.js';
import { parseTagLine } from './tag-line.js';

const MAX_TITLE_LENGTH = 300;
const MAX_HEADING_LENGTH = 300;
// A related entry's title is a headline: short and without a closing full stop.
const MAX_ENTRY_TITLE_LENGTH = 200;
const SENTENCE_CLOSE = /[.!?…。]$/u;
// A title made from the opening words when the document has none: a headline's length.
const MAX_MADE_TITLE_WORDS = 12;
const MAX_MADE_TITLE_LENGTH = 100;

/** What the importer decides when the document does not say. */
export interface AssembleOptions {
  /** YYYY-MM-DD for a document without a date; today (UTC) when not given. */
  defaultDate?: string;
}
const ENTRY_SEPARATOR = /\s[—–]\s/u;

interface HeaderFacts {
  publishedOn: string | null;
  author: string | null;
  readingMinutes: number | null;
  tags: string[] | null;
  /** The line the tags were read from. */
  tagLine: OutlineBlock | null;
  summary: string[];
  /** The blocks that are neither byline nor tag line: the whole text of a document without sections. */
  content: OutlineBlock[];
}

/** Reads the lines between the title and the first section: meta line, tag line, summary. */
function readHeader(blocks: OutlineBlock[]): HeaderFacts {
  const facts: HeaderFacts = {
    publishedOn: null,
    author: null,
    readingMinutes: null,
    tags: null,
    tagLine: null,
    summary: [],
    content: [],
  };
  for (const block of blocks) {
    const { text } = block;
    if (text === '' || isPageChrome(text) || isReadMore(text)) continue;
    const byline = parseByline(text);
    if (byline) {
      facts.publishedOn ??= byline.publishedOn;
      facts.author ??= byline.author;
      facts.readingMinutes ??= byline.readingMinutes;
      continue;
    }
    // A list item is content, never the tag line.
    const tags = facts.tags === null && block.type !== 'item' ? parseTagLine(text) : null;
    if (tags && tags.length > 0) {
      facts.tags = tags;
      facts.tagLine = block;
      continue;
    }
    facts.summary.push(text);
    facts.content.push(block);
  }
  return facts;
}

/** An item on its way: the title is final, body paragraphs may still follow (sub-heading items). */
interface ItemDraft {
  title: string;
  body: string[];
  url: string | null;
  links: (string | null)[];
}

const linksOf = (block: OutlineBlock) => block.links ?? [block.url];

function draftFrom(block: OutlineBlock, text = block.text): ItemDraft | null {
  const lead = block.type === 'item' ? block.lead : null;
  const { title, body } = lead ? splitMarkedLead(text, lead) : splitLeadSentence(text);
  return title === ''
    ? null
    : { title, body: body === null ? [] : [body], url: block.url, links: linksOf(block) };
}

function titledDraft(block: OutlineBlock, text = block.text): ItemDraft | null {
  const title = trimTitle(text);
  return title === '' ? null : { title, body: [], url: block.url, links: linksOf(block) };
}

/** Adds a paragraph to an open item, with its links. */
function extend(draft: ItemDraft, block: OutlineBlock): void {
  draft.body.push(block.text);
  draft.url ??= block.url;
  draft.links.push(...linksOf(block));
}

function finishDrafts(drafts: (ItemDraft | null)[]): ParsedItem[] {
  return drafts
    .filter((draft): draft is ItemDraft => draft !== null)
    .map(({ title, body, url, links }) => {
      const kept = uniqueLinks([url, ...links]);
      return { title, body: joinParagraphs(body), url: kept[0] ?? null, links: kept };
    });
}

function isEntryTitle(text: string): boolean {
  return text.length <= MAX_ENTRY_TITLE_LENGTH && !SENTENCE_CLOSE.test(text);
}

/** A related list item: "Title — description", a marked lead, or a lead sentence. */
function relatedEntry(block: OutlineBlock): ItemDraft | null {
  const { text } = block;
  const separator = block.type === 'item' && block.lead ? null : ENTRY_SEPARATOR.exec(text);
  if (!separator || separator.index > MAX_ENTRY_TITLE_LENGTH) return draftFrom(block);
  const draft = titledDraft(block, text.slice(0, separator.index));
  draft?.body.push(text.slice(separator.index + separator[0].length));
  return draft;
}

/** Related reading: list items, or runs of title / description / "Read more →" paragraphs. */
function relatedItems(blocks: OutlineBlock[], sectionLevel: number): ParsedItem[] {
  const hasReadMore = blocks.some((b) => b.type === 'paragraph' && isReadMore(b.text));
  const drafts: (ItemDraft | null)[] = [];
  let open: ItemDraft | null = null;
  for (const block of blocks) {
    const { text, url } = block;
    if (block.type === 'item') {
      open = null;
      drafts.push(relatedEntry(block));
    } else if (block.type === 'heading' && block.level > sectionLevel) {
      open = titledDraft(block);
      drafts.push(open);
    } else if (isReadMore(text)) {
      const last = open ?? drafts.at(-1);
      if (last) {
        last.url ??= url;
        last.links.push(...linksOf(block));
      }
      open = null;
    } else if (!open || (!hasReadMore && open.body.length > 0 && isEntryTitle(text))) {
      open = isEntryTitle(text) ? titledDraft(block) : draftFrom(block);
      drafts.push(open);
    } else {
      extend(open, block);
    }
  }
  return finishDrafts(drafts);
}

/** News items: list items and sub-headings; loose paragraphs become items only when there is nothing else. */
function newsItems(
  blocks: OutlineBlock[],
  sectionLevel: number,
): { items: ParsedItem[]; body: string | null } {
  const drafts: (ItemDraft | null)[] = [];
  const loose: OutlineBlock[] = [];
  let open: ItemDraft | null = null;
  for (const block of blocks) {
    if (block.type === 'item') {
      open = null;
      drafts.push(draftFrom(block));
    } else if (block.type === 'heading' && block.level > sectionLevel) {
      open = titledDraft(block);
      drafts.push(open);
    } else if (open) {
      extend(open, block);
    } else {
      loose.push(block);
    }
  }
  if (drafts.length > 0) {
    return { items: finishDrafts(drafts), body: joinParagraphs(loose.map((b) => b.text)) };
  }
  return { items: finishDrafts(loose.map((b) => draftFrom(b))), body: null };
}

function buildSection(
  heading: string,
  blocks: OutlineBlock[],
  level: number,
  givenKind?: SectionKind,
): ParsedSection | null {
  const content: OutlineBlock[] = [];
  const prompt: string[] = [];
  let inPrompt = false;
  for (const block of blocks) {
    const { text } = block;
    if (text === '' || isPageChrome(text)) continue;
    const opening = block.type === 'paragraph' ? discussionPrompt(text) : null;
    if (opening !== null) {
      prompt.push(opening);
      inPrompt = true;
    } else if (block.type === 'heading' && isDiscussionHeading(text)) {
      inPrompt = true;
    } else if (inPrompt && block.type === 'paragraph' && !isReadMore(text)) {
      prompt.push(text);
    } else {
      inPrompt = false;
      content.push(block);
    }
  }
  const promptText = joinParagraphs(prompt);
  const discussion = promptText ? { prompt: promptText } : null;
  const structured = content.some((b) => b.type !== 'paragraph');
  const readMore = content.some((b) => b.type === 'paragraph' && isReadMore(b.text));
  let kind = givenKind ?? headingKind(heading);
  if (readMore) kind = 'related';
  if (kind === 'takeaway' && structured) kind = 'items';

  let body: string | null = null;
  let items: ParsedItem[] = [];
  if (kind === 'related') items = relatedItems(content, level);
  else if (kind === 'takeaway') body = joinParagraphs(content.map((b) => b.text));
  else ({ items, body } = newsItems(content, level));
  if (items.length === 0 && body === null && discussion === null) return null;
  return { heading, kind, body, items, discussion };
}

function headingText(raw: string): string {
  // A heading of closing marks only ("...", "?!") stays as written rather than becoming empty.
  const text = trimTitle(raw) || raw.trim();
  return text.length > MAX_HEADING_LENGTH ? `${text.slice(0, MAX_HEADING_LENGTH - 1)}…` : text;
}

/** A headline from the opening words of a document that has no title: up to a dozen words, no closing stop. */
function madeTitle(blocks: OutlineBlock[]): string | null {
  const first = blocks.find((block) => block.text !== '' && !isPageChrome(block.text));
  if (!first) return null;
  const { title } = splitLeadSentence(first.text);
  const words = (title || first.text).split(/\s+/u);
  let made = words.slice(0, MAX_MADE_TITLE_WORDS).join(' ');
  if (made.length > MAX_MADE_TITLE_LENGTH) made = made.slice(0, MAX_MADE_TITLE_LENGTH);
  made = trimTitle(made.replace(/[\s,;:—–-]+$/u, ''));
  return words.length > MAX_MADE_TITLE_WORDS || made.length < first.text.length ? `${made}…` : made;
}

/**
 * A document without sections (one article, a feed entry, a letter) is one section holding all
 * of its text, with a discussion on the whole piece: prose as a takeaway, a list as items.
 */
function wholePieceSection(title: string, content: OutlineBlock[]): ParsedSection | null {
  const structured = content.some((block) => block.type !== 'paragraph');
  const section = buildSection(
    headingText(title),
    content,
    Infinity,
    structured ? 'items' : 'takeaway',
  );
  if (!section) return null;
  section.discussion ??= { prompt: `What should we take from “${title}”?` };
  return section;
}

export function noReadableText(): BriefingParseError {
  return new BriefingParseError(
    'NO_STRUCTURE',
    'No readable text was found: looked for a title, headings, paragraphs and list items (in a web page its main content, in a feed each entry’s content).',
    ['sections'],
  );
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Turns an outline into a briefing. What the document does not say is assumed and listed in
 * `assumed`: a title from its opening words, the given date (else today), one section for the
 * whole piece. Only a document with no readable text is refused.
 */
export function assembleBriefing(
  outline: DocumentOutline,
  options: AssembleOptions = {},
): ParsedBriefing {
  const { stated, fallback, blocks } = outline;
  let sectionLevel = Infinity;
  for (const block of blocks) {
    if (block.type === 'heading') sectionLevel = Math.min(sectionLevel, block.level);
  }
  const headerBlocks: OutlineBlock[] = [];
  const groups: { heading: string; blocks: OutlineBlock[] }[] = [];
  for (const block of blocks) {
    if (block.type === 'heading' && block.level === sectionLevel) {
      groups.push({ heading: headingText(block.text), blocks: [] });
    } else {
      (groups.at(-1)?.blocks ?? headerBlocks).push(block);
    }
  }
  const header = readHeader(headerBlocks);
  const sections: ParsedSection[] = [];
  for (const group of groups) {
    const section = group.heading && buildSection(group.heading, group.blocks, sectionLevel);
    if (section) sections.push(section);
  }

  const assumed: AssumedPart[] = [];
  let title =
    optionalLine(stated.title, MAX_TITLE_LENGTH) ??
    optionalLine(outline.title, MAX_TITLE_LENGTH) ??
    optionalLine(fallback.title, MAX_TITLE_LENGTH);
  if (!title) {
    title = optionalLine(
      madeTitle(header.content.length > 0 ? header.content : blocks),
      MAX_TITLE_LENGTH,
    );
    if (!title) throw noReadableText();
    assumed.push('title');
  }
  let wholePiece = false;
  if (sections.length === 0) {
    if (header.content.length === 0 && groups.length === 0 && header.tagLine) {
      // A short line of words was all the piece said: it is its text, not its tags.
      header.content.push(header.tagLine);
      header.tags = null;
    }
    // Headings with nothing under them (a page of captioned images) are the piece's items.
    const content = [
      ...header.content,
      ...groups.flatMap(({ heading, blocks: under }): OutlineBlock[] => [
        { type: 'item', text: heading, lead: null, url: null },
        ...under,
      ]),
    ];
    const section = wholePieceSection(title, content);
    if (!section) throw noReadableText();
    sections.push(section);
    wholePiece = true;
    assumed.push('sections');
  }
  let publishedOn =
    stated.publishedOn ??
    header.publishedOn ??
    findDate(title)?.iso ??
    fallback.publishedOn ??
    null;
  if (!publishedOn) {
    publishedOn = options.defaultDate ?? todayUtc();
    assumed.push('publishedOn');
  }

  const series = optionalLine(stated.series, MAX_TITLE_LENGTH) ?? seriesFromTitle(title);
  const slug =
    stated.slug && SLUG_PATTERN.test(stated.slug)
      ? stated.slug
      : briefingSlug(title, series, publishedOn);
  // The whole piece's paragraphs are its section; the summary is then only one the page states.
  const ownSummary = wholePiece ? null : joinParagraphs(header.summary);
  const briefing: ParsedBriefing = {
    title,
    slug,
    series,
    publishedOn,
    author: optionalLine(stated.author ?? header.author ?? fallback.author, 100),
    readingMinutes:
      stated.readingMinutes ?? header.readingMinutes ?? fallback.readingMinutes ?? null,
    tags: stated.tags ?? header.tags ?? fallback.tags ?? [],
    summary:
      (stated.summary ? proseText(stated.summary) : ownSummary) ??
      (fallback.summary ? proseText(fallback.summary) : null),
    sections,
  };
  if (assumed.length > 0) briefing.assumed = assumed;
  return briefing;
}
