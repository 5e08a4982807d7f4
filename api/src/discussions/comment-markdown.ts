import sanitizeHtml from 'sanitize-html';
import { mentionedHandles, renderCommentMarkdown } from './comment-markdown-render.js';

export { mentionedHandles };

/**
 * Only what the renderer produces survives: links only to http(s), mail and paths, images only
 * from https, classes only for mentions, code languages and table alignment; no inline styles
 * (the page CSP forbids them).
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'em',
    'strong',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
    'img',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    span: ['class'],
    ol: ['start'],
    code: ['class'],
    th: ['class'],
    td: ['class'],
    img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
  },
  allowedClasses: {
    span: ['mention'],
    code: ['language-*'],
    th: ['align-left', 'align-center', 'align-right'],
    td: ['align-left', 'align-center', 'align-right'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc' },
    }),
  },
};

/**
 * Renders comment Markdown with the renderer the web preview uses too (comment-markdown-render.ts)
 * and sanitises the result: a second line of defence that, on that renderer's output, changes
 * nothing (comment-markdown.spec.ts checks a corpus), so what was previewed is what is stored.
 */
export class CommentMarkdown {
  render(body: string, knownHandles: Iterable<string> = []): string {
    return sanitizeHtml(renderCommentMarkdown(body, knownHandles), SANITIZE).trim();
  }
}
