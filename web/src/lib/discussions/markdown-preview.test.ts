import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './markdown-preview';

describe(parseMarkdown.name, () => {
  it('reads paragraphs, headings, quotes, lists and code fences', () => {
    const blocks = parseMarkdown(
      '# Title\n\nSome **bold** text\n\n> quoted\n\n- one\n- two\n\n```\n<b>raw</b>\n```',
    );

    expect(blocks.map((block) => block.type)).toEqual([
      'heading',
      'paragraph',
      'quote',
      'list',
      'code',
    ]);
    expect(blocks[4]).toEqual({ type: 'code', text: '<b>raw</b>' });
  });

  it('keeps markup as text: nothing typed becomes an element it did not ask for', () => {
    const [paragraph] = parseMarkdown('<img src=x onerror=alert(1)> and <script>alert(1)</script>');

    expect(paragraph).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: '<img src=x onerror=alert(1)> and <script>alert(1)</script>' },
      ],
    });
  });
});

describe(parseInline.name, () => {
  it('turns emphasis, code and web links into nodes', () => {
    expect(parseInline('a *b* `c` [d](https://example.com/x)')).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'em', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'c' },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://example.com/x', children: [{ type: 'text', text: 'd' }] },
    ]);
  });

  it('leaves a link to anything but the web or mail as plain text', () => {
    const nodes = parseInline('[x](javascript:alert(1))');
    expect(nodes.some((node) => node.type === 'link')).toBe(false);
    expect(nodes.map((node) => (node.type === 'text' ? node.text : '')).join('')).toBe(
      '[x](javascript:alert(1))',
    );
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('mailto:ada@example.com')).toBe('mailto:ada@example.com');
  });

  it('does not read underscores inside words as emphasis', () => {
    expect(parseInline('snake_case_name')).toEqual([{ type: 'text', text: 'snake_case_name' }]);
  });
});
