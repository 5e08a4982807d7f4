import matter from 'gray-matter';
import MarkdownIt, { type Token } from 'markdown-it';
import { parse as parseToml } from 'smol-toml';
import { BriefingParseError, tooComplex } from './briefing-parse-error.js';
import {
  type DocumentOutline,
  type OutlineBlock,
  type OutlineContext,
  type StatedMetadata,
} from './document-outline.js';
import { plainTextOfHtml } from './html-text.js';
import { safeUrl, uniqueLinks } from './link-url.js';
import { readHeaderLines, statedFromHeaderLines } from './header-lines.js';
import { formatCount, PARSE_LIMITS } from './parse-limits.js';
import { optionalLine, plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { normalizeTags } from './tag-line.js';

const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
// Every href is judged by safeUrl; markdown-it's own check would leave "[x](javascript:…)" as literal text.
markdown.validateLink = () => true;

function refuseExecutableFrontMatter(): never {
  throw new BriefingParseError(
    'MALFORMED',
    'The front matter is executable code; only YAML or JSON front matter is read.',
  );
}

// Passing options also turns off gray-matter's unbounded cache keyed by the whole document.
const FRONT_MATTER_OPTIONS = {
  engines: {
    javascript: refuseExecutableFrontMatter,
    js: refuseExecutableFrontMatter,
    coffee: refuseExecutableFrontMatter,
    coffeescript: refuseExecutableFrontMatter,
    cson: refuseExecutableFrontMatter,
  },
};
const SKIPPED_INLINE_HTML = /^<\s*(script|style|noscript|template|iframe|textarea|svg)\b/i;
const LEAD_SEPARATOR = /^[—–:|-]/u;
const MINUTES = /^(\d{1,4})\b/;

const FRONT_MATTER_CLOSE = /\n---/g;
// Hugo and Zola front matter: TOML between `+++` lines.
const TOML_OPEN = /^\+\+\+[ \t]*\n/;
const TOML_CLOSE = /\n\+\+\+[ \t]*(?:\n|$)/g;
// Deeper than this, front matter is no briefing's metadata (and the count below stays shallow).
const MAX_FRONT_MATTER_NESTING = 64;

/** Bytes of the front matter gray-matter would read: from the opening `---` to the next `---` line. */
function frontMatterBytes(content: string): number {
  if (!content.startsWith('---')) return 0;
  FRONT_MATTER_CLOSE.lastIndex = 3;
  const end = FRONT_MATTER_CLOSE.test(content) ? FRONT_MATTER_CLOSE.lastIndex : content.length;
  return Buffer.byteLength(content.slice(0, end));
}

/**
 * Values in parsed front matter as a reader would meet them, YAML aliases expanded. A YAML alias
 * is the same object again, so sizes are memoised per object and the bomb is never expanded; a
 * cycle counts as unbounded. Stops counting past the limit.
 */
function expandedValues(value: unknown, depth: number, sizes: Map<object, number>): number {
  if (typeof value !== 'object' || value === null) return 1;
  if (depth > MAX_FRONT_MATTER_NESTING) return Infinity;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  sizes.set(value, Infinity);
  let total = 1;
  for (const child of Object.values(value)) {
    total += expandedValues(child, depth + 1, sizes);
    if (total > PARSE_LIMITS.frontMatterValues) break;
  }
  sizes.set(value, total);
  return total;
}

function refuseLongFrontMatter(bytes: number): void {
  if (bytes > PARSE_LIMITS.frontMatterBytes) {
    throw tooComplex(
      'frontMatterBytes',
      `The front matter is longer than ${formatCount(PARSE_LIMITS.frontMatterBytes / 1024)} KB.`,
    );
  }
}

function checkedRecord(data: unknown, language: string): Record<string, unknown> {
  if (expandedValues(data, 0, new Map()) > PARSE_LIMITS.frontMatterValues) {
    throw tooComplex(
      'frontMatterValues',
      `The front matter holds more than ${formatCount(PARSE_LIMITS.frontMatterValues)} values${language === 'YAML' ? ' once its YAML aliases are expanded' : ''}.`,
    );
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

/** TOML front matter (`+++`), or null when the document does not open with one. */
function tomlFrontMatter(content: string): { data: Record<string, unknown>; body: string } | null {
  const open = TOML_OPEN.exec(content);
  if (!open) return null;
  TOML_CLOSE.lastIndex = open[0].length - 1;
  const close = TOML_CLOSE.exec(content);
  const end = close ? close.index : content.length;
  refuseLongFrontMatter(Buffer.byteLength(content.slice(0, end)));
  let data: unknown;
  try {
    data = parseToml(content.slice(open[0].length, end), {
      maxDepth: MAX_FRONT_MATTER_NESTING,
      unsafeKeyBehaviour: 'drop',
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BriefingParseError('MALFORMED', `The front matter is not valid TOML (${reason}).`);
  }
  const body = close ? content.slice(close.index + close[0].length) : '';
  return { data: checkedRecord(data, 'TOML'), body };
}

/** Zola keeps tags under [taxonomies] and its own keys under [extra]; the top level wins over both. */
function flattenedToml(data: Record<string, unknown>): Record<string, unknown> {
  const table = (key: string) => {
    const value = data[key];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  };
  return { ...table('extra'), ...table('taxonomies'), ...data };
}

function frontMatter(content: string): { data: Record<string, unknown>; body: string } {
  const toml = tomlFrontMatter(content);
  if (toml) return { data: flattenedToml(toml.data), body: toml.body };
  refuseLongFrontMatter(frontMatterBytes(content));
  let parsed: { data: unknown; content: string };
  try {
    parsed = matter(content, FRONT_MATTER_OPTIONS as Parameters<typeof matter>[1]);
  } catch (error) {
    if (error instanceof BriefingParseError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BriefingParseError('MALFORMED', `The front matter is not valid YAML (${reason}).`);
  }
  return { data: checkedRecord(parsed.data, 'YAML'), body: parsed.content };
}

function pick(data: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) {
    if (Object.hasOwn(data, key) && data[key] !== null && data[key] !== undefined) return data[key];
  }
  return undefined;
}

function authorOf(value: unknown): string | null {
  if (Array.isArray(value)) {
    const names = value.map(authorOf).filter((name): name is string => name !== null);
    return names.length > 0 ? names.join(', ') : null;
  }
  if (typeof value === 'object' && value !== null && 'name' in value) {
    return optionalLine(value.name, 100);
  }
  return optionalLine(value, 100);
}

function tagsOf(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!list) return undefined;
  return normalizeTags(
    list
      .filter((tag): tag is string | number => typeof tag === 'string' || typeof tag === 'number')
      .map(String),
  );
}

function minutesOf(value: unknown): number | undefined {
  const minutes =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(MINUTES.exec(value.trim())?.[1])
        : NaN;
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 1000 ? minutes : undefined;
}

/** Front matter keys as Jekyll, Hugo and hand-written briefings spell them. */
function statedFrom(data: Record<string, unknown>): StatedMetadata {
  const stated: StatedMetadata = {};
  const title = optionalLine(pick(data, 'title'), 300);
  if (title) stated.title = title;
  const series = optionalLine(pick(data, 'series'), 300);
  if (series) stated.series = series;
  const publishedOn = toPublicationDate(
    pick(data, 'date', 'publishedOn', 'published_on', 'published', 'pubDate'),
  );
  if (publishedOn) stated.publishedOn = publishedOn;
  // A newsletter's editors sign it when no author does (This Month in Rust OSDev).
  const author = authorOf(pick(data, 'author', 'authors', 'by', 'editors'));
  if (author) stated.author = author;
  const tags = tagsOf(pick(data, 'tags', 'keywords', 'categories'));
  if (tags) stated.tags = tags;
  const summary = pick(data, 'summary', 'description', 'excerpt');
  if (typeof summary === 'string' && plainText(summary) !== '') stated.summary = summary;
  const minutes = minutesOf(
    pick(data, 'reading_time', 'readingMinutes', 'reading_minutes', 'readingTime', 'read_time'),
  );
  if (minutes) stated.readingMinutes = minutes;
  const slug = pick(data, 'slug');
  if (typeof slug === 'string') stated.slug = slug;
  return stated;
}

interface InlineText {
  text: string;
  lead: string | null;
  url: string | null;
  links: string[];
}

/** Plain text of an inline run, its safe links (the first is its main one), and a lead marked by bold or a leading link. */
function flattenInline(children: Token[] | null): InlineText {
  let text = '';
  const links: (string | null)[] = [];
  let lead: string | null = null;
  let strongStart = -1;
  let linkStart = -1;
  let linkLead: { text: string; end: number } | null = null;
  let skipping: string | null = null;
  for (const child of children ?? []) {
    if (skipping !== null) {
      if (child.type === 'html_inline' && child.content.toLowerCase().startsWith(`</${skipping}`)) {
        skipping = null;
      }
      continue;
    }
    switch (child.type) {
      case 'text':
      case 'code_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'strong_open':
        if (lead === null && strongStart === -1 && text.trim() === '') strongStart = text.length;
        break;
      case 'strong_close':
        if (lead === null && strongStart >= 0) lead = text.slice(strongStart);
        strongStart = -2;
        break;
      case 'link_open':
        links.push(safeUrl(String(child.attrGet('href') ?? '')));
        if (linkLead === null && linkStart === -1 && text.trim() === '') linkStart = text.length;
        break;
      case 'link_close':
        if (linkStart >= 0) linkLead = { text: text.slice(linkStart), end: text.length };
        linkStart = -2;
        break;
      case 'html_inline': {
        const skipped = SKIPPED_INLINE_HTML.exec(child.content);
        if (skipped) skipping = skipped[1].toLowerCase();
        else if (/^<br\b/i.test(child.content)) text += ' ';
        break;
      }
    }
  }
  if (lead === null && linkLead !== null) {
    const rest = text.slice(linkLead.end).trim();
    if (rest === '' || LEAD_SEPARATOR.test(rest)) lead = linkLead.text;
  }
  const leadText = lead === null ? '' : plainText(lead);
  const kept = uniqueLinks(links);
  return {
    text: plainText(text),
    lead: leadText === '' ? null : leadText,
    url: kept[0] ?? null,
    links: kept,
  };
}

interface OpenItem {
  parts: string[];
  lead: string | null;
  links: string[];
}

/** Walks markdown-it's token stream (never regexes over the Markdown) into outline blocks. */
function blocksOf(tokens: Token[]): OutlineBlock[] {
  const blocks: OutlineBlock[] = [];
  let listDepth = 0;
  let item: OpenItem | null = null;
  let row: string[] | null = null;
  let rowLinks: string[] = [];
  const add = (text: string, links: string[], lead: string | null = null) => {
    if (text === '') return;
    if (item) {
      if (item.parts.length === 0) item.lead = lead;
      item.parts.push(text);
      item.links.push(...links);
    } else if (row) {
      row.push(text);
      rowLinks.push(...links);
    } else {
      blocks.push({ type: 'paragraph', text, url: links[0] ?? null, links });
    }
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    switch (token.type) {
      case 'heading_open': {
        const inline = flattenInline(tokens[index + 1]?.children ?? null);
        index += 2;
        if (item || row) add(inline.text, inline.links, inline.text);
        else if (inline.text !== '') {
          blocks.push({
            type: 'heading',
            level: Number(token.tag.slice(1)),
            text: inline.text,
            url: inline.url,
            links: inline.links,
          });
        }
        break;
      }
      case 'inline': {
        const inline = flattenInline(token.children);
        add(inline.text, inline.links, inline.lead);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        listDepth++;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        break;
      case 'list_item_open':
        if (listDepth === 1) item = { parts: [], lead: null, links: [] };
        break;
      case 'list_item_close':
        if (listDepth === 1 && item) {
          const text = item.parts.join(' ');
          const links = uniqueLinks(item.links);
          if (text !== '') {
            blocks.push({ type: 'item', text, lead: item.lead, url: links[0] ?? null, links });
          }
          item = null;
        }
        break;
      case 'tr_open':
        row = [];
        rowLinks = [];
        break;
      case 'tr_close': {
        const cells = row ?? [];
        row = null;
        if (cells.length > 0) add(cells.join(' | '), uniqueLinks(rowLinks));
        break;
      }
      case 'fence':
      case 'code_block':
        add(plainText(token.content), []);
        break;
      case 'html_block':
        add(plainText(plainTextOfHtml(token.content)), []);
        break;
    }
  }
  return blocks;
}

/**
 * Reads a Markdown briefing: YAML or TOML front matter or Pelican header lines, a `#` title, `##` sections (`###` when there are
 * no `##`), list items led by bold text or a sentence, `**Discussion:**` prompts and links.
 */
export function outlineMarkdown(content: string, context: OutlineContext = {}): DocumentOutline {
  const front = frontMatter(content);
  const fenced = content.startsWith('---') || content.startsWith('+++');
  const header = fenced ? null : readHeaderLines(content);
  const stated = header ? statedFromHeaderLines(header.fields) : statedFrom(front.data);
  const body = header ? header.body : front.body;
  const blocks = blocksOf(markdown.parse(body, {}));
  let title: string | null = null;
  const firstHeading = blocks.findIndex((block) => block.type === 'heading');
  const heading = blocks[firstHeading];
  const topHeadings = blocks.filter((block) => block.type === 'heading' && block.level === 1);
  // Beside a title the metadata states, several `#` headings are the sections (This Week in Rust 2015–2019).
  const headingsAreSections = stated.title !== undefined && topHeadings.length > 1;
  if (heading?.type === 'heading' && heading.level === 1 && !headingsAreSections) {
    title = heading.text;
    blocks.splice(firstHeading, 1);
  } else if (heading?.type === 'heading') {
    // The first heading sets the top level: a later `#` among `##` sections (This Week in
    // Rust's "# Quote of the Week") is one more section, not the only one.
    for (const block of blocks) {
      if (block.type === 'heading' && block.level < heading.level) block.level = heading.level;
    }
  }
  const fallback: StatedMetadata = context.knownTitle ? { title: context.knownTitle } : {};
  return { title, stated, fallback, blocks };
}
