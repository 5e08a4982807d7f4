// The one Markdown renderer for comments, used by the API (comment-markdown.ts stores its output
// after a sanitiser pass) and by the web composer's Preview (web aliases this file as
// `$comment-markdown`). It imports nothing but markdown-it, so it runs in Node and in the browser,
// and both get byte-identical HTML for the same text.
//
// Safe by construction: raw HTML is off (typed markup is escaped), links and images pass
// `validateLink` (http, https, mailto and same-site paths only), and every rule that emits an
// attribute escapes it. The server's sanitize-html allowlist is the second line of defence, and
// its tests check it changes nothing this renderer produces (so the preview is what is posted).
import MarkdownIt from 'markdown-it';

// Types from the instance: the package's CommonJS (API) and ES module (web) typings differ in names.
type Markdown = InstanceType<typeof MarkdownIt>;
type Rule = NonNullable<Markdown['renderer']['rules']['text']>;
type Token = Parameters<Rule>[0][number];

const MENTION = /(^|[^\w@/])@([a-z0-9][a-z0-9._-]{0,63})/gi;

/** The @handles a comment mentions, lower-cased, in order of first appearance. */
export function mentionedHandles(body: string): string[] {
  return [
    ...new Set(
      [...body.matchAll(MENTION)].map((match) =>
        (match[2] ?? '').replace(/[._-]+$/, '').toLowerCase(),
      ),
    ),
  ];
}

/** Text escaping as an HTML serialiser does it (quotes stay as they are outside attributes). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** A URL's scheme, lower-cased, or '' for a path; control characters and spaces are ignored. */
function schemeOf(url: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what browsers ignore here
  const cleaned = url.replace(/[\u0000-\u0020]/g, '');
  return /^([a-z][a-z0-9.+-]*):/i.exec(cleaned)?.[1]?.toLowerCase() ?? '';
}

/** Links go to the web, to mail, or to a path on this site (never `//host`, which leaves it). */
function allowedLink(url: string): boolean {
  const scheme = schemeOf(url);
  if (scheme) return scheme === 'http' || scheme === 'https' || scheme === 'mailto';
  return !/^\s*[/\\]{2}/.test(url);
}

const ALIGN = /^text-align:(left|center|right)$/;

/** The token a rule renders (the index always points into the list; the typings cannot tell). */
function at(tokens: Token[], index: number): Token {
  const token: Token | undefined = tokens[index];
  if (!token) throw new Error(`No token at ${index}`);
  return token;
}

function createRenderer(): Markdown {
  const markdown = new MarkdownIt('commonmark', {
    html: false,
    linkify: true,
    breaks: true,
    xhtmlOut: true,
  }).enable(['linkify', 'strikethrough', 'table']);
  markdown.validateLink = allowedLink;

  // `www.example.com` is a link; a bare `capacity.md` is a file name, not Moldova.
  markdown.linkify.set({ fuzzyLink: true });
  const match = markdown.linkify.match.bind(markdown.linkify);
  markdown.linkify.match = (text: string) =>
    (match(text) ?? []).filter((link) => link.schema !== '' || /^www\./i.test(link.raw));
  const test = markdown.linkify.test.bind(markdown.linkify);
  markdown.linkify.test = (text: string) => test(text) && markdown.linkify.match(text)!.length > 0;

  const rules = markdown.renderer.rules;
  rules.text = (tokens, index) => escapeText(at(tokens, index).content);
  rules.code_inline = (tokens, index) => `<code>${escapeText(at(tokens, index).content)}</code>`;
  rules.code_block = (tokens, index) =>
    `<pre><code>${escapeText(at(tokens, index).content)}</code></pre>\n`;
  rules.fence = (tokens, index) => {
    const token = at(tokens, index);
    const language = /^[\w#+.-]{1,40}/.exec(token.info.trim())?.[0];
    const attribute = language ? ` class="language-${escapeAttribute(language)}"` : '';
    return `<pre><code${attribute}>${escapeText(token.content)}</code></pre>\n`;
  };
  rules.link_open = (tokens, index, options, _env, self) => {
    at(tokens, index).attrSet('rel', 'nofollow noopener noreferrer ugc');
    return self.renderToken(tokens, index, options);
  };
  // An image from the open web is shown lazily and without a referrer; anything else (http,
  // mail, a path) is a link with the alt text, so nothing vanishes.
  rules.image = (tokens, index, options, env, self) => {
    const token = at(tokens, index);
    const src = String(token.attrGet('src') ?? '');
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const title = String(token.attrGet('title') ?? '');
    const titleAttribute = title ? ` title="${escapeAttribute(title)}"` : '';
    if (schemeOf(src) === 'https')
      return `<img src="${escapeAttribute(src)}" alt="${escapeAttribute(alt)}"${titleAttribute} loading="lazy" referrerpolicy="no-referrer" />`;
    return `<a href="${escapeAttribute(src)}"${titleAttribute} rel="nofollow noopener noreferrer ugc">${escapeText(alt || src)}</a>`;
  };
  // Table alignment as a class: the page's CSP allows no inline styles.
  for (const name of ['th_open', 'td_open'] as const)
    rules[name] = (tokens, index, options, _env, self) => {
      const token = at(tokens, index);
      const align = ALIGN.exec(String(token.attrGet('style') ?? ''))?.[1];
      token.attrs = align ? [['class', `align-${align}`]] : null;
      return self.renderToken(tokens, index, options);
    };

  markdown.core.ruler.push('mentions', (state) => {
    const handles = (state.env as { handles?: Set<string> }).handles;
    if (!handles?.size) return;
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let insideLink = 0;
      const children: Token[] = [];
      for (const token of block.children) {
        if (token.type === 'link_open') insideLink++;
        if (token.type === 'link_close') insideLink--;
        if (token.type !== 'text' || insideLink > 0 || !token.content.includes('@')) {
          children.push(token);
          continue;
        }
        let last = 0;
        for (const found of token.content.matchAll(MENTION)) {
          const handle = (found[2] ?? '').replace(/[._-]+$/, '');
          if (!handles.has(handle.toLowerCase())) continue;
          const start = (found.index ?? 0) + (found[1] ?? '').length;
          if (start > last)
            children.push(
              Object.assign(new state.Token('text', '', 0), {
                content: token.content.slice(last, start),
              }),
            );
          // Handles are [a-z0-9._-] only, so this markup carries nothing from the author but the name.
          children.push(
            Object.assign(new state.Token('html_inline', '', 0), {
              content: `<span class="mention">@${handle}</span>`,
            }),
          );
          last = start + handle.length + 1;
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
  return markdown;
}

let renderer: Markdown | undefined;

/**
 * Renders comment Markdown (CommonMark plus tables, strikethrough and links found in text; raw
 * HTML disabled) to HTML; `knownHandles` that the text @mentions are marked as mentions.
 */
export function renderCommentMarkdown(body: string, knownHandles: Iterable<string> = []): string {
  renderer ??= createRenderer();
  return renderer
    .render(body, { handles: new Set([...knownHandles].map((handle) => handle.toLowerCase())) })
    .trim();
}
