import { findDate } from './publication-date.js';

const SERIES_SEPARATOR = /\s*(?::|：|\s[—–|-]\s)\s*/u;
const WEEKDAY_PREFIX = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+/iu;

/** "Daily Sync: May 7, 2026" → "Daily Sync": the part before the separator when the rest is only a date. */
export function seriesFromTitle(title: string): string | null {
  const separator = SERIES_SEPARATOR.exec(title);
  if (!separator || separator.index === 0) return null;
  const rest = title.slice(separator.index + separator[0].length).replace(WEEKDAY_PREFIX, '');
  const date = findDate(rest);
  if (!date || date.index !== 0 || rest.slice(date.length).trim() !== '') return null;
  return title.slice(0, separator.index).trim() || null;
}
