import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from './plain-text';

describe(markdownToPlainText.name, () => {
  it('drops the markup list views showed raw (issue 17)', () => {
    expect(markdownToPlainText('We meet in **Warsaw**.\n\n> Agreed\n\nSee `capacity.md`')).toBe(
      'We meet in Warsaw. Agreed See capacity.md',
    );
  });

  it('keeps link text, list items and code, and leaves typed HTML as text', () => {
    expect(
      markdownToPlainText('- [the plan](https://example.com)\n- *two*\n\n```\nx = 1\n```'),
    ).toBe('the plan; two x = 1');
    expect(markdownToPlainText('<b>bold</b> ~~gone~~ # not a heading')).toBe(
      '<b>bold</b> gone # not a heading',
    );
  });

  it('gives an empty string for empty or markup-only text', () => {
    expect(markdownToPlainText('')).toBe('');
    expect(markdownToPlainText('---')).toBe('');
  });
});
