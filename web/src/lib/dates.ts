// Dates are shown in UTC so the server-rendered text and the hydrated page always agree.
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** e.g. "7 May 2026"; an unparseable value is shown as it came. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

const longDateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** e.g. "Thursday, 7 May 2026", for a briefing's own page; an unparseable value is shown as it came. */
export function formatLongDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : longDateFormat.format(date);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** e.g. "7 May 2026, 09:30 UTC"; an unparseable value is shown as it came. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTimeFormat.format(date)} UTC`;
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const RELATIVE_STEPS: Array<
  [limitSeconds: number, unit: Intl.RelativeTimeFormatUnit, seconds: number]
> = [
  [60 * 60, 'minute', 60],
  [24 * 60 * 60, 'hour', 60 * 60],
  [7 * 24 * 60 * 60, 'day', 24 * 60 * 60],
  [28 * 24 * 60 * 60, 'week', 7 * 24 * 60 * 60],
];

/** e.g. "just now", "5 minutes ago", "yesterday"; older than four weeks, the date itself. */
export function formatRelative(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [limit, unit, size] of RELATIVE_STEPS) {
    if (Math.abs(seconds) < limit) {
      return relativeFormat.format(Math.round(seconds / size) || Math.sign(seconds), unit);
    }
  }
  return formatDate(iso);
}

/** The current time as ISO 8601, e.g. for a tombstone made before the server's copy arrives. */
export function nowIso(): string {
  return new Date().toISOString();
}
