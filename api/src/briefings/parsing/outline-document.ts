import { type DocumentOutline, type OutlineContext } from './document-outline.js';
import { outlineHtml } from './html-briefing.js';
import { outlineMarkdown } from './markdown-briefing.js';
import { outlineText } from './text-briefing.js';

export type ProseFormat = 'text' | 'markdown' | 'html';

/** Outlines of a document in one of the prose formats (also the content of a feed entry). */
export function outlineDocument(
  content: string,
  format: ProseFormat,
  context: OutlineContext = {},
): DocumentOutline[] {
  switch (format) {
    case 'markdown':
      return [outlineMarkdown(content, context)];
    case 'html':
      return [outlineHtml(content, context)];
    case 'text':
      return outlineText(content, context);
  }
}
