/**
 * The cron expression that runs a pass every `seconds` at most (pg-boss schedules whole minutes):
 * the largest step that divides the minute or day evenly, so gaps stay equal across the hour.
 * Undefined for 0, which turns the schedule off.
 */
export function cronEvery(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new RangeError(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return undefined;
  const minutes = Math.max(1, Math.floor(seconds / 60));
  if (minutes < 60) {
    const step = largestDivisorAtMost(60, minutes);
    return step === 1 ? '* * * * *' : `*/${step} * * * *`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const step = largestDivisorAtMost(24, hours);
    return step === 1 ? '0 * * * *' : `0 */${step} * * *`;
  }
  return '0 0 * * *';
}

function largestDivisorAtMost(whole: number, limit: number): number {
  for (let step = Math.min(limit, whole); step > 1; step -= 1) if (whole % step === 0) return step;
  return 1;
}
