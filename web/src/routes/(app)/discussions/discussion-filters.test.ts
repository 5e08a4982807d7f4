import { describe, expect, it } from 'vitest';
import { hasNews } from './discussion-filters';

describe('hasNews', () => {
  it('counts a thread opened while empty (read to 0) as having news once something came', () => {
    expect(hasNews({ lastReadSeq: 0, lastSeq: 0, commentCount: 0 })).toBe(false);
    expect(hasNews({ lastReadSeq: 0, lastSeq: 1, commentCount: 1 })).toBe(true);
  });

  it('compares the read position with the last event', () => {
    expect(hasNews({ lastReadSeq: 4, lastSeq: 4, commentCount: 3 })).toBe(false);
    expect(hasNews({ lastReadSeq: 4, lastSeq: 6, commentCount: 4 })).toBe(true);
  });

  it('treats a thread never opened as new when it has comments', () => {
    expect(hasNews({ lastReadSeq: null, lastSeq: 0, commentCount: 0 })).toBe(false);
    expect(hasNews({ lastReadSeq: null, lastSeq: 2, commentCount: 2 })).toBe(true);
  });
});
