import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative } from './dates';

const NOW = Date.parse('2026-05-07T12:00:00Z');

describe(formatRelative.name, () => {
  it('says how long ago, in words, up to four weeks', () => {
    expect(formatRelative('2026-05-07T11:59:40Z', NOW)).toBe('just now');
    expect(formatRelative('2026-05-07T11:55:00Z', NOW)).toBe('5 minutes ago');
    expect(formatRelative('2026-05-07T09:00:00Z', NOW)).toBe('3 hours ago');
    expect(formatRelative('2026-05-06T12:00:00Z', NOW)).toBe('yesterday');
    expect(formatRelative('2026-04-23T12:00:00Z', NOW)).toBe('2 weeks ago');
  });

  it('gives the date for anything older, and the raw value when it is not a date', () => {
    expect(formatRelative('2026-01-02T12:00:00Z', NOW)).toBe('2 Jan 2026');
    expect(formatRelative('not a date', NOW)).toBe('not a date');
  });
});

describe(formatDateTime.name, () => {
  it('shows the exact time in UTC, so server and browser agree', () => {
    expect(formatDateTime('2026-05-07T09:30:00.357739+00:00')).toBe('7 May 2026, 09:30 UTC');
  });
});
