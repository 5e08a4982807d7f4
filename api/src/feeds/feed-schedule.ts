/** The longest a failing feed waits between polls. */
export const MAX_BACKOFF_SECONDS = 86_400;

/** When to poll again after a clean poll: one interval on. */
export function nextPollAfterSuccess(now: Date, intervalSeconds: number): Date {
  return new Date(now.getTime() + intervalSeconds * 1000);
}

/** After `failures` failed polls in a row: the interval doubled for each, up to a day. */
export function nextPollAfterFailure(now: Date, failures: number, intervalSeconds: number): Date {
  const seconds = Math.min(intervalSeconds * 2 ** failures, MAX_BACKOFF_SECONDS);
  return new Date(now.getTime() + Math.max(seconds, intervalSeconds) * 1000);
}

/**
 * How early a pass may poll a feed: passes run on the clock (cron) but each poll schedules the
 * next from when it ran, a little after its slot; without this slack a feed due at 12:15:00.3
 * would miss the 12:15:00.1 pass and wait a whole period more.
 */
export function passSlackSeconds(periodSeconds: number): number {
  return Math.min(periodSeconds / 2, 60);
}
