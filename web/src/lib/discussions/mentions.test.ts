import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, quoteOf } from './mentions';

describe(mentionAt.name, () => {
  it('finds the @handle being typed just before the caret', () => {
    const text = 'Thanks @mi';
    expect(mentionAt(text, text.length)).toEqual({ query: 'mi', start: 7, end: 10 });
  });

  it('ignores emails, a lone @ and handles the caret has left', () => {
    expect(mentionAt('mail ada@example.com', 20)).toBeNull();
    expect(mentionAt('hey @', 5)).toBeNull();
    expect(mentionAt('@mia said so', 12)).toBeNull();
  });

  it('works at the very start and after punctuation', () => {
    expect(mentionAt('@gr', 3)?.query).toBe('gr');
    expect(mentionAt('(cc @bo', 7)?.query).toBe('bo');
  });
});

describe(insertMention.name, () => {
  it('replaces the typed part with the handle and a space, and puts the caret after it', () => {
    const text = 'Thanks @mi for this';
    const mention = mentionAt(text, 10);
    expect(mention).not.toBeNull();

    const result = insertMention(text, mention!, 'mia');

    expect(result.text).toBe('Thanks @mia for this');
    expect(result.caret).toBe(12);
  });
});

describe(quoteOf.name, () => {
  it('quotes every line and leaves a blank line to write below', () => {
    expect(quoteOf('First line\n\nSecond')).toBe('> First line\n>\n> Second\n\n');
  });
});
