import { describe, expect, it } from 'vitest';
import { countLabel, paragraphsOf, readingTimeLabel } from './prose';

describe(paragraphsOf.name, () => {
  it('splits on blank lines only, keeping single line breaks inside a paragraph', () => {
    expect(paragraphsOf('One\nstill one.\n\n  Two.  \r\n \r\nThree.')).toEqual([
      'One\nstill one.',
      'Two.',
      'Three.',
    ]);
  });

  it('has no paragraphs for an empty or missing body', () => {
    expect(paragraphsOf(null)).toEqual([]);
    expect(paragraphsOf('  \n\n ')).toEqual([]);
  });
});

describe(countLabel.name, () => {
  it('says none, one or many', () => {
    expect(countLabel(0, 'comment')).toBe('No comments');
    expect(countLabel(1, 'comment')).toBe('1 comment');
    expect(countLabel(12, 'comment')).toBe('12 comments');
  });
});

describe(readingTimeLabel.name, () => {
  it('reads "6 min read", and nothing when unknown', () => {
    expect(readingTimeLabel(6)).toBe('6 min read');
    expect(readingTimeLabel(null)).toBeNull();
    expect(readingTimeLabel(0)).toBeNull();
  });
});
