import { missingStructure, type RequiredPart } from './briefing-parse-error.js';
import { briefingSlug, SLUG_PATTERN } from './briefing-slug.js';
import { parseByline } from './byline.js';
import { type DocumentOutline, type OutlineBlock } from './document-outline.js';
import { splitLeadSentence, splitMarkedLead, trimTitle } from './lead-sentence.js';
import { isPageChrome } from './page-chrome.js';
import { type ParsedBriefing, type ParsedItem, type ParsedSection } from './parsed-briefing.js';
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
const ENTRY_SEPARATOR = /\s[—–]\s/u;

interface HeaderFacts {
  publishedOn: string | null;
  author: string | null;
  readingMinutes: number | null;
  tags: string[] | null;
  summary: string[];
}

/** Reads the lines between the title and the first section: meta line, tag line, summary. */
function readHeader(blocks: OutlineBlock[]): HeaderFacts {
  const facts: HeaderFacts = {
    publishedOn: null,
    author: null,
    readingMinutes: null,
    tags: null,
    summary: [],
  };
  for (const { text } of blocks) {
    if (text === '' || isPageChrome(text) || isReadMore(text)) continue;
    const byline = parseByline(text);
    if (byline) {
      facts.publishedOn ??= byline.publishedOn;
      facts.author ??= byline.author;
      facts.readingMinutes ??= byline.readingMinutes;
      continue;
    }
    const tags = facts.tags === null ? parseTagLine(text) : null;
    if (tags && tags.length > 0) {
      facts.tags = tags;
      continue;
    }
    facts.summary.push(text);
  }
  return facts;
}

/** An item on its way: the title is final, body paragraphs may still follow (sub-heading items). */
interface ItemDraft {
  title: string;
  body: string[];
  url: string | null;
}

function draftFrom(text: string, lead: string | null, url: string | null): ItemDraft | null {
  const { title, body } = lead ? splitMarkedLead(text, lead) : splitLeadSentence(text);
  return title === '' ? null : { title, body: body === null ? [] : [body], url };
}

function titledDraft(text: string, url: string | null): ItemDraft | null {
  const title = trimTitle(text);
  return title === '' ? null : { title, body: [], url };
}

function finishDrafts(drafts: (ItemDraft | null)[]): ParsedItem[] {
  return drafts
    .filter((draft): draft is ItemDraft => draft !== null)
    .map(({ title, body, url }) => ({ title, body: joinParagraphs(body), url }));
}

function isEntryTitle(text: string): boolean {
  return text.length <= MAX_ENTRY_TITLE_LENGTH && !SENTENCE_CLOSE.test(text);
}

/** A related list item: "Title — description", a marked lead, or a lead sentence. */
function relatedEntry(text: string, lead: string | null, url: string | null): ItemDraft | null {
  const separator = lead ? null : ENTRY_SEPARATOR.exec(text);
  if (!separator || separator.index > MAX_ENTRY_TITLE_LENGTH) return draftFrom(text, lead, url);
  const draft = titledDraft(text.slice(0, separator.index), url);
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
      drafts.push(relatedEntry(text, block.lead, url));
    } else if (block.type === 'heading' && block.level > sectionLevel) {
      open = titledDraft(text, url);
      drafts.push(open);
    } else if (isReadMore(text)) {
      const last = open ?? drafts.at(-1);
      if (last) last.url ??= url;
      open = null;
    } else if (!open || (!hasReadMore && open.body.length > 0 && isEntryTitle(text))) {
      open = isEntryTitle(text) ? titledDraft(text, url) : draftFrom(text, null, url);
      drafts.push(open);
    } else {
      open.body.push(text);
      open.url ??= url;
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
      drafts.push(draftFrom(block.text, block.lead, block.url));
    } else if (block.type === 'heading' && block.level > sectionLevel) {
      open = titledDraft(block.text, block.url);
      drafts.push(open);
    } else if (open) {
      open.body.push(block.text);
    } else {
      loose.push(block);
    }
  }
  if (drafts.length > 0) {
    return { items: finishDrafts(drafts), body: joinParagraphs(loose.map((b) => b.text)) };
  }
  return { items: finishDrafts(loose.map((b) => draftFrom(b.text, null, b.url))), body: null };
}

function buildSection(
  heading: string,
  blocks: OutlineBlock[],
  level: number,
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
  let kind = headingKind(heading);
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
  const text = trimTitle(raw);
  return text.length > MAX_HEADING_LENGTH ? `${text.slice(0, MAX_HEADING_LENGTH - 1)}…` : text;
}

/** Turns an outline into a briefing, or says which of title, date and sections it lacks. */
export function assembleBriefing(outline: DocumentOutline): ParsedBriefing {
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

  const title =
    optionalLine(stated.title, MAX_TITLE_LENGTH) ??
    optionalLine(outline.title, MAX_TITLE_LENGTH) ??
    optionalLine(fallback.title, MAX_TITLE_LENGTH);
  const publishedOn =
    stated.publishedOn ??
    header.publishedOn ??
    (title ? findDate(title)?.iso : undefined) ??
    fallback.publishedOn ??
    null;
  const missing: RequiredPart[] = [];
  if (!title) missing.push('title');
  if (!publishedOn) missing.push('publishedOn');
  if (sections.length === 0) missing.push('sections');
  if (missing.length > 0 || !title || !publishedOn) throw missingStructure(missing);

  const series = optionalLine(stated.series, MAX_TITLE_LENGTH) ?? seriesFromTitle(title);
  const slug =
    stated.slug && SLUG_PATTERN.test(stated.slug)
      ? stated.slug
      : briefingSlug(title, series, publishedOn);
  return {
    title,
    slug,
    series,
    publishedOn,
    author: optionalLine(stated.author ?? header.author ?? fallback.author, 100),
    readingMinutes:
      stated.readingMinutes ?? header.readingMinutes ?? fallback.readingMinutes ?? null,
    tags: stated.tags ?? header.tags ?? fallback.tags ?? [],
    summary:
      (stated.summary ? proseText(stated.summary) : joinParagraphs(header.summary)) ??
      (fallback.summary ? proseText(fallback.summary) : null),
    sections,
  };
}
