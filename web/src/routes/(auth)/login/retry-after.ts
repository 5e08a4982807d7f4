/** "Try again in 15 minutes." for a Retry-After of 900 seconds; rounds up so the user never retries early. */
export function retryAfterSentence(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds <= 0) return 'Try again later.';
  if (seconds < 60) return `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
