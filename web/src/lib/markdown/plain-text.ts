// Markdown as one line of plain text, for list views (the decision log, decision cards on a thread)
// where `**Warsaw**`, `> Agreed` or `` `capacity.md` `` would otherwise show their markup. It reads
// the text with the same parser the detail pages render it with (markdown-preview.ts), so a list
// shows the words the page shows, without the formatting.
import { parseMarkdown, type Block, type Inline } from '$lib/discussions/markdown-preview';

function inlineText(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text' || node.type === 'code') return node.text;
      if (node.type === 'break') return ' ';
      return inlineText(node.children);
    })
    .join('');
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(block.children);
    case 'code':
      return block.text;
    case 'quote':
      return block.blocks.map(blockText).join(' ');
    case 'list':
      return block.items.map(inlineText).join('; ');
    case 'rule':
      return '';
  }
}

/** The words of a Markdown text on one line: formatting, quote marks and fences dropped. */
export function markdownToPlainText(source: string): string {
  return parseMarkdown(source)
    .map(blockText)
    .filter((text) => text.trim() !== '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
