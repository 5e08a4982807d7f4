import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const MENTION = /(^|[^\w@/])@([a-z0-9][a-z0-9._-]{0,63})/gi;

/** The @handles a comment mentions, lower-cased, in order of first appearance. */
export function mentionedHandles(body: string): string[] {
  return [
    ...new Set(
      [...body.matchAll(MENTION)].map((match) => match[2].replace(/[._-]+$/, '').toLowerCase()),
    ),
  ];
}

/** Only what Markdown itself produces survives, and links only to http(s) and mail; no inline styles (the page CSP forbids them). */
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
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], span: ['class'], ol: ['start'] },
  allowedClasses: { span: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc' },
    }),
  },
};

/** Renders comment Markdown (CommonMark, raw HTML disabled) and sanitises the result; known @handles are marked as mentions. */
export class CommentMarkdown {
  private readonly markdown = new MarkdownIt('commonmark', {
    html: false,
    linkify: true,
    breaks: true,
  }).enable(['linkify', 'strikethrough', 'table']);

  constructor() {
    this.markdown.core.ruler.push('mentions', (state) => {
      const handles = (state.env as { handles?: Set<string> }).handles;
      if (!handles?.size) return;
      for (const block of state.tokens) {
        if (block.type !== 'inline' || !block.children) continue;
        let insideLink = 0;
        const children = [];
        for (const token of block.children) {
          if (token.type === 'link_open') insideLink++;
          if (token.type === 'link_close') insideLink--;
          if (token.type !== 'text' || insideLink > 0 || !token.content.includes('@')) {
            children.push(token);
            continue;
          }
          let last = 0;
          for (const match of token.content.matchAll(MENTION)) {
            const handle = match[2].replace(/[._-]+$/, '');
            if (!handles.has(handle.toLowerCase())) continue;
            const at = (match.index ?? 0) + match[1].length;
            if (at > last)
              children.push(
                Object.assign(new state.Token('text', '', 0), {
                  content: token.content.slice(last, at),
                }),
              );
            // Handles are [a-z0-9._-] only, so this markup carries nothing from the author but the name.
            children.push(
              Object.assign(new state.Token('html_inline', '', 0), {
                content: `<span class="mention">@${handle}</span>`,
              }),
            );
            last = at + handle.length + 1;
          }
          if (last === 0) children.push(token);
          else if (last < token.content.length)
            children.push(
              Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }),
            );
        }
        block.children = children;
      }
    });
  }

  render(body: string, knownHandles: Iterable<string> = []): string {
    const html = this.markdown.render(body, {
      handles: new Set([...knownHandles].map((handle) => handle.toLowerCase())),
    });
    return sanitizeHtml(html, SANITIZE).trim();
  }
}
