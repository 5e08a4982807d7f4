import { describe, expect, it } from 'vitest';
import { retryAfterSentence } from './retry-after';

describe(retryAfterSentence.name, () => {
  it('speaks in minutes, rounding up so nobody retries too early', () => {
    expect(retryAfterSentence(900)).toBe('Try again in 15 minutes.');
    expect(retryAfterSentence(61)).toBe('Try again in 2 minutes.');
    expect(retryAfterSentence(60)).toBe('Try again in 1 minute.');
  });

  it('speaks in seconds under a minute', () => {
    expect(retryAfterSentence(45)).toBe('Try again in 45 seconds.');
    expect(retryAfterSentence(1)).toBe('Try again in 1 second.');
  });

  it('stays vague without a Retry-After', () => {
    expect(retryAfterSentence(null)).toBe('Try again later.');
  });
});
