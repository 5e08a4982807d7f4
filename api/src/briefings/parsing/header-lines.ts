import { type StatedMetadata } from './document-outline.js';
import { optionalLine, plainText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { normalizeTags } from './tag-line.js';

/**
 * Keys Pelican and similar generators read from `Key: value` lines at the top of a post; a block of
 * such lines is only taken as metadata when every line is one of them (continuation lines aside).
 */
const KNOWN_KEYS = new Set([
  'title',
  'date',
  'modified',
  'category',
  'tags',
  'keywords',
  'author',
  'authors',
  'slug',
  'summary',
  'lang',
  'status',
  'series',
  'subtitle',
  'template',
  'save_as',
  'url',
  'translation',
]);
const HEADER_LINE = /^([A-Za-z][A-Za-z_]{0,19})[ \t]*:[ \t]*(.*)$/;
/** Generators take any key ("Number: 654"); one the block does not know is read only beside two it does. */
const MIN_KNOWN_BESIDE_OTHERS = 2;
const CONTINUATION = /^[ \t]+\S/;
/** A header is a handful of lines; past this the top of the document is prose with colons. */
const MAX_HEADER_LINES = 30;

export interface HeaderLines {
  /** Lowercased key → value, the first occurrence of each key. */
  fields: Map<string, string>;
  /** The document after the header block. */
  body: string;
}

/**
 * Reads Pelican-style header lines ("Title: This Week in Rust 82", "Date: 2015-06-07") from the
 * top of a document, up to the first blank line. Null unless the block holds a Title or a Date and
 * mostly known keys, so "Daily Sync: May 7, 2026" or "Note: …" starting a briefing stays text.
 */
export function readHeaderLines(content: string): HeaderLines | null {
  const lines = content.split('\n', MAX_HEADER_LINES + 2);
  const fields = new Map<string, string>();
  let last: string | null = null;
  let known = 0;
  let others = 0;
  let end = 0;
  for (; end < lines.length; end++) {
    const line = lines[end].replace(/\r$/, '');
    if (line.trim() === '') break;
    if (end >= MAX_HEADER_LINES) return null;
    if (last !== null && CONTINUATION.test(line)) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const match = HEADER_LINE.exec(line);
    const key = match?.[1].toLowerCase();
    if (!match || !key) return null;
    if (KNOWN_KEYS.has(key)) known++;
    else others++;
    if (!fields.has(key)) fields.set(key, match[2].trim());
    last = key;
  }
  if (!fields.has('title') && !fields.has('date')) return null;
  if (others > 0 && (known < MIN_KNOWN_BESIDE_OTHERS || others > known)) return null;
  const consumed = lines.slice(0, end).reduce((length, line) => length + line.length + 1, 0);
  return { fields, body: content.slice(Math.min(consumed, content.length)) };
}

function list(value: string | undefined): string[] {
  return value ? value.split(/[,;]/).map((entry) => entry.trim()) : [];
}

/** What header lines state: Title, Date, Author(s), Tags and Category (as tags), Slug, Summary. */
export function statedFromHeaderLines(fields: Map<string, string>): StatedMetadata {
  const stated: StatedMetadata = {};
  const title = optionalLine(fields.get('title'), 300);
  if (title) stated.title = title;
  const publishedOn = toPublicationDate(fields.get('date'));
  if (publishedOn) stated.publishedOn = publishedOn;
  const authors = list(fields.get('authors') ?? fields.get('author')).filter((name) => name !== '');
  const author = optionalLine(authors.join(', '), 100) ?? optionalLine(authors[0], 100);
  if (author) stated.author = author;
  const tags = normalizeTags([
    ...list(fields.get('category')),
    ...list(fields.get('tags')),
    ...list(fields.get('keywords')),
  ]);
  if (tags.length > 0) stated.tags = tags;
  // A category the title begins with names the series ("This Week in Rust" for "This Week in Rust 82").
  const category = optionalLine(fields.get('category'), 300);
  const series =
    optionalLine(fields.get('series'), 300) ??
    (title && category && title.toLowerCase().startsWith(`${category.toLowerCase()} `)
      ? category
      : null);
  if (series) stated.series = series;
  const slug = fields.get('slug')?.trim();
  if (slug) stated.slug = slug;
  const summary = fields.get('summary');
  if (summary && plainText(summary) !== '') stated.summary = summary;
  return stated;
}
