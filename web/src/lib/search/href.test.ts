import { describe, expect, it } from 'vitest';
import { wordsSearchHref } from './href';
import { EMPTY_SEARCH, searchHref } from './query';

describe(wordsSearchHref.name, () => {
  it.each(['grid power', '  spaced  ', '', '   ', 'a&b=c #1 / “quotes” ü', '+plus%20'])(
    'gives the address searchHref gives for the words %j alone',
    (words) => {
      expect(wordsSearchHref(words)).toBe(searchHref({ ...EMPTY_SEARCH, q: words.trim() }));
    },
  );

  it('asks for the words and nothing else', () => {
    expect(wordsSearchHref(' grid power ')).toBe('/search?q=grid+power');
    expect(wordsSearchHref('')).toBe('/search');
  });
});
