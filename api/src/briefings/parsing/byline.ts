import { findDate } from './publication-date.js';

export interface Byline {
  publishedOn: string | null;
  author: string | null;
  readingMinutes: number | null;
}

const MAX_BYLINE_LENGTH = 200;
const READING_TIME =
  /(\d{1,4})[\s-]{0,3}(?:minutes?|mins?|m)\.?\s{0,3}(?:read|reading)(?!\p{L})|(?<!\p{L})reading time\s{0,3}[:：—-]?\s{0,3}(\d{1,4})\s{0,3}(?:minutes?|mins?)/iu;
const TIME_OF_DAY =
  /(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?)?(?:\s?(?:ET|EST|EDT|CT|CST|CDT|MT|PT|PST|PDT|UTC|GMT|BST|CET|CEST|AEST|AEDT))?(?![\d:])/iu;
const SEGMENT_SEPARATOR = /\s*(?:[·•|—–]|\s-\s)\s*/u;
const AUTHOR = /^(?:by|written by|posted by|author\s*:)\s+(.+)$/iu;
const NAME_START = /^[\p{Lu}\p{Lt}\p{Lo}]/u;
const SENTENCE_PUNCTUATION = /[.!?;。]$/u;
// Labels and weekdays that sit beside a date ("Published Thursday, May 7, 2026") and mean nothing alone.
const DATE_LABEL =
  /^(?:(?:published|updated|posted|last updated|on|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)\.?[:,]?(?:\s+|$))+$/iu;

/** A name glued to what follows it ("Lucas Nolan22 Dec 2016651": a date and a count) ends where digits begin. */
export function unglued(name: string): string {
  const glued = /\p{L}\d/u.exec(name);
  return (glued ? name.slice(0, glued.index + 1) : name).trim();
}

function authorName(segment: string): string | null {
  const match = AUTHOR.exec(segment);
  if (!match) return null;
  const name = unglued(match[1]);
  if (name === '') return null;
  const words = name.split(/\s+/).length;
  if (!NAME_START.test(name) || words > 8 || name.length > 80 || SENTENCE_PUNCTUATION.test(name)) {
    return null;
  }
  return name;
}

// "Published Friday, 2026-08-21, including PRs merged …": a line that opens by saying when it was published.
const PUBLISHED_LEAD =
  /^(?:published|posted|first published)(?:\s+on)?\s*[:,]?\s+(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?/iu;

/** The date of a line that opens with "Published <date>", whatever follows it. */
function publishedLine(line: string): Byline | null {
  const lead = PUBLISHED_LEAD.exec(line);
  if (!lead) return null;
  const date = findDate(line);
  return date && date.index === lead[0].length
    ? { publishedOn: date.iso, author: null, readingMinutes: null }
    : null;
}

/** A line made of nothing but a date, an author and a reading time (at least one of them). */
function metaLine(line: string): Byline | null {
  let rest = line;
  const date = findDate(rest);
  // The same line may print the date twice ("22 Dec, 2016 22 Dec, 2016"): every date is set aside.
  for (let found = date; found; found = findDate(rest)) {
    rest = `${rest.slice(0, found.index)} | ${rest.slice(found.index + found.length)}`;
  }
  // A time of day beside the date ("9:00PM", "1:39 PM ET") says nothing more.
  const time = TIME_OF_DAY.exec(rest);
  if (time) rest = `${rest.slice(0, time.index)} | ${rest.slice(time.index + time[0].length)}`;
  const reading = READING_TIME.exec(rest);
  let readingMinutes: number | null = null;
  if (reading) {
    const minutes = Number(reading[1] ?? reading[2]);
    readingMinutes = minutes >= 1 && minutes <= 1000 ? minutes : null;
    rest = `${rest.slice(0, reading.index)} | ${rest.slice(reading.index + reading[0].length)}`;
  }
  let author: string | null = null;
  for (const segment of rest.split(SEGMENT_SEPARATOR)) {
    const text = segment.trim();
    if (text === '' || DATE_LABEL.test(text)) continue;
    const name: string | null = author === null ? authorName(text) : null;
    if (name === null) return null;
    author = name;
  }
  if (!date && !time && !reading && !author) return null;
  return { publishedOn: date?.iso ?? null, author, readingMinutes };
}

/**
 * Reads a meta line such as "May 7, 2026By The CTO6 min read" or "By Jane Doe · 6 min read", or a
 * line that opens with "Published <date>" (the rest of it then says nothing the briefing keeps).
 */
export function parseByline(line: string): Byline | null {
  if (line.length > MAX_BYLINE_LENGTH) return null;
  return metaLine(line) ?? publishedLine(line);
}
