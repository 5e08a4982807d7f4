import { describe, expect, it } from 'vitest';
import { noticeFrom } from './notices';

describe(noticeFrom.name, () => {
  it('turns a known code into its sentence', () => {
    expect(noticeFrom(new URL('http://x/briefings?notice=deleted'))).toMatch(/^Briefing deleted/);
  });

  it('shows nothing for a missing or unknown code, so links cannot put words on the page', () => {
    expect(noticeFrom(new URL('http://x/briefings'))).toBeNull();
    expect(noticeFrom(new URL('http://x/briefings?notice=Your+account+is+locked'))).toBeNull();
    expect(noticeFrom(new URL('http://x/briefings?notice=toString'))).toBeNull();
  });
});
