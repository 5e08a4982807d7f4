import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sample briefing (Daily Sync: May 7, 2026; four discussion prompts). */
export const sample = readFileSync(
  join(__dirname, '../../samples/daily-sync-2026-05-07.txt'),
  'utf8',
);

let offset = 0;
/**
 * A date ("January 2, 2031") no other call in this process returned: a briefing is identified by
 * its title and date, so a test that imports `sampleOn(uniqueDate())` gets a briefing of its own.
 */
export function uniqueDate(): string {
  return new Date(Date.UTC(2031, 0, 1 + offset++)).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The sample briefing dated `date` instead of May 7, 2026. */
export const sampleOn = (date: string) => sample.replaceAll('May 7, 2026', date);
