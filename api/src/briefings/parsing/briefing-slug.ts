import anyAscii from 'any-ascii';
import { findDate } from './publication-date.js';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SLUG_BASE = 80;
// A slug of digits alone ("2026-5-8") says nothing; such titles get "briefing-<date>".
const HAS_LETTER = /[a-z]/;

/**
 * Lower-case ASCII words joined by hyphens. Every script is transliterated (any-ascii: "Сводка"
 * → "svodka", "東京" → "dongjing"), so non-Latin titles keep a readable slug in the canonical
 * pattern rather than losing all their words.
 */
function kebab(text: string): string {
  const words = anyAscii(text.slice(0, 300).normalize('NFC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  let start = 0;
  let end = words.length;
  while (start < end && words[start] === '-') start++;
  while (end > start && words[end - 1] === '-') end--;
  const base = words.slice(start, end);
  if (base.length <= MAX_SLUG_BASE) return base;
  const cut = base.lastIndexOf('-', MAX_SLUG_BASE);
  return base.slice(0, cut > 0 ? cut : MAX_SLUG_BASE);
}

/**
 * "daily-sync-2026-05-07" from a series and date, else the title's words (plus the date when the
 * title does not carry it); "briefing-2026-05-07" when neither has a letter.
 */
export function briefingSlug(title: string, series: string | null, publishedOn: string): string {
  const fromSeries = series ? kebab(series) : '';
  if (HAS_LETTER.test(fromSeries)) return `${fromSeries}-${publishedOn}`;
  const fromTitle = kebab(title);
  if (!HAS_LETTER.test(fromTitle)) return `briefing-${publishedOn}`;
  return findDate(title)?.iso === publishedOn ? fromTitle : `${fromTitle}-${publishedOn}`;
}
