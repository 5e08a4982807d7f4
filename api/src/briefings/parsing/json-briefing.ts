import { BriefingParseError, type RequiredPart } from './briefing-parse-error.js';
import { briefingSlug, SLUG_PATTERN } from './briefing-slug.js';
import { trimTitle } from './lead-sentence.js';
import { safeUrl, uniqueLinks } from './link-url.js';
import {
  type ParsedBriefing,
  type ParsedItem,
  type ParsedSection,
  type SectionKind,
} from './parsed-briefing.js';
import { plainText, proseText } from './plain-text.js';
import { toPublicationDate } from './publication-date.js';
import { headingKind } from './section-heading.js';
import { seriesFromTitle } from './series-title.js';
import { type Sniffed } from './sniff-format.js';
import { normalizeTags } from './tag-line.js';

type JsonObject = Record<string, unknown>;

const KINDS: readonly SectionKind[] = ['items', 'takeaway', 'related'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function path(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function malformed(where: string, problem: string): BriefingParseError {
  return new BriefingParseError('MALFORMED', `${where} ${problem}.`);
}

function present(object: JsonObject, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}

function requiredText(object: JsonObject, key: string, where: string): string {
  if (!present(object, key) || object[key] === null) throw malformed(where, 'is missing');
  if (typeof object[key] !== 'string') throw malformed(where, 'must be a string');
  const text = plainText(object[key]);
  if (text === '') throw malformed(where, 'is empty');
  return text;
}

function optionalText(object: JsonObject, key: string, where: string): string | null {
  if (!present(object, key) || object[key] === null) return null;
  if (typeof object[key] !== 'string') throw malformed(where, 'must be a string or null');
  return plainText(object[key]) || null;
}

/** Prose fields keep their paragraphs; each paragraph is plain text. */
function optionalProse(object: JsonObject, key: string, where: string): string | null {
  if (!present(object, key) || object[key] === null) return null;
  if (typeof object[key] !== 'string') throw malformed(where, 'must be a string or null');
  return proseText(object[key]);
}

function arrayAt(object: JsonObject, key: string, where: string): unknown[] {
  if (!present(object, key) || object[key] === null) return [];
  if (!Array.isArray(object[key])) throw malformed(where, 'must be an array');
  return object[key];
}

function itemFrom(value: unknown, where: string): ParsedItem {
  if (!isObject(value)) throw malformed(where, 'must be an object with a title');
  const title = trimTitle(requiredText(value, 'title', path(where, 'title')));
  if (title === '') throw malformed(path(where, 'title'), 'is empty');
  const url = safeUrl(optionalText(value, 'url', path(where, 'url')));
  const links = arrayAt(value, 'links', path(where, 'links')).map((link, index) => {
    if (typeof link !== 'string') throw malformed(`${where}.links[${index}]`, 'must be a string');
    return safeUrl(link);
  });
  const kept = uniqueLinks([url, ...links]);
  return {
    title,
    body: optionalProse(value, 'body', path(where, 'body')),
    url: kept[0] ?? null,
    links: kept,
  };
}

function sectionFrom(value: unknown, where: string): ParsedSection {
  if (!isObject(value)) throw malformed(where, 'must be an object with a heading');
  const heading = requiredText(value, 'heading', path(where, 'heading'));
  const items = arrayAt(value, 'items', path(where, 'items')).map((item, index) =>
    itemFrom(item, `${where}.items[${index}]`),
  );
  let kind: SectionKind;
  if (present(value, 'kind') && value.kind !== null) {
    if (!KINDS.includes(value.kind as SectionKind)) {
      throw malformed(path(where, 'kind'), 'must be one of items, takeaway, related');
    }
    kind = value.kind as SectionKind;
  } else {
    const byHeading = headingKind(heading);
    kind = byHeading === 'takeaway' && items.length > 0 ? 'items' : byHeading;
  }
  let discussion: ParsedSection['discussion'] = null;
  if (present(value, 'discussion') && value.discussion !== null) {
    if (!isObject(value.discussion)) {
      throw malformed(path(where, 'discussion'), 'must be an object with a prompt, or null');
    }
    discussion = { prompt: requiredText(value.discussion, 'prompt', `${where}.discussion.prompt`) };
  }
  return {
    heading,
    kind,
    body: optionalProse(value, 'body', path(where, 'body')),
    items,
    discussion,
  };
}

function briefingFrom(value: unknown, where: string): ParsedBriefing {
  const label = where === '' ? 'The JSON briefing' : where;
  if (!isObject(value)) {
    throw malformed(label, 'must be an object with title, publishedOn and sections');
  }
  const missing: RequiredPart[] = [];
  if (!present(value, 'title') || value.title === null || value.title === '') missing.push('title');
  if (!present(value, 'publishedOn') || value.publishedOn === null) missing.push('publishedOn');
  if (
    !present(value, 'sections') ||
    (Array.isArray(value.sections) && value.sections.length === 0)
  ) {
    missing.push('sections');
  }
  if (missing.length > 0) {
    const list =
      missing.length === 1
        ? missing[0]
        : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw new BriefingParseError('NO_STRUCTURE', `${label} has no ${list}.`, missing);
  }

  const title = requiredText(value, 'title', path(where, 'title'));
  const publishedOn = value.publishedOn;
  if (
    typeof publishedOn !== 'string' ||
    !ISO_DATE.test(publishedOn) ||
    toPublicationDate(publishedOn) !== publishedOn
  ) {
    throw malformed(path(where, 'publishedOn'), 'must be a date like 2026-05-07');
  }
  // An absent series is read from the title as for other formats; an explicit null stays null.
  const series = present(value, 'series')
    ? optionalText(value, 'series', path(where, 'series'))
    : seriesFromTitle(title);
  let slug = briefingSlug(title, series, publishedOn);
  if (present(value, 'slug') && value.slug !== null) {
    if (typeof value.slug !== 'string' || !SLUG_PATTERN.test(value.slug)) {
      throw malformed(
        path(where, 'slug'),
        'must be lowercase words joined by hyphens, like daily-sync-2026-05-07',
      );
    }
    slug = value.slug;
  }
  let readingMinutes: number | null = null;
  if (present(value, 'readingMinutes') && value.readingMinutes !== null) {
    const minutes = value.readingMinutes;
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1) {
      throw malformed(
        path(where, 'readingMinutes'),
        'must be a whole number of at least 1, or null',
      );
    }
    readingMinutes = minutes;
  }
  const tags = arrayAt(value, 'tags', path(where, 'tags'));
  tags.forEach((tag, index) => {
    if (typeof tag !== 'string') {
      throw malformed(`${path(where, 'tags')}[${index}]`, 'must be a string');
    }
  });
  const sections = arrayAt(value, 'sections', path(where, 'sections')).map((section, index) =>
    sectionFrom(section, `${path(where, 'sections')}[${index}]`),
  );
  return {
    title,
    slug,
    series,
    publishedOn,
    author: optionalText(value, 'author', path(where, 'author')),
    readingMinutes,
    tags: normalizeTags(tags as string[]),
    summary: optionalProse(value, 'summary', path(where, 'summary')),
    sections,
  };
}

/**
 * Reads briefings in the canonical JSON shape (briefing.schema.json): one object, an array, or
 * `{ "briefings": [...] }`. Ids, positions, threadId and commentCount are ignored.
 */
export function briefingsFromJson(document: string, sniffed: Sniffed): ParsedBriefing[] {
  let value: unknown;
  if (sniffed.format === 'json' && 'json' in sniffed) {
    value = sniffed.json;
  } else {
    try {
      value = JSON.parse(document);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BriefingParseError('MALFORMED', `The JSON is malformed (${reason}).`);
    }
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new BriefingParseError('MALFORMED', 'The JSON array holds no briefing.');
    }
    return value.map((entry, index) => briefingFrom(entry, `[${index}]`));
  }
  if (isObject(value) && Array.isArray(value.briefings)) {
    if (value.briefings.length === 0) {
      throw new BriefingParseError('MALFORMED', 'The JSON "briefings" array holds no briefing.');
    }
    return value.briefings.map((entry, index) => briefingFrom(entry, `briefings[${index}]`));
  }
  return [briefingFrom(value, '')];
}
