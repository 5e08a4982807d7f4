import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommentMarkdown } from './comment-markdown.js';
import { mentionedHandles, renderCommentMarkdown } from './comment-markdown-render.js';

const markdown = new CommentMarkdown();
const fixtures = resolve(import.meta.dirname, '../../../web/resilience/fixtures');

/** What people write: every feature of the renderer, and the shapes that used to go wrong. */
const FEATURE_CORPUS = [
  'We should **rotate keys** weekly, @eddie.',
  '> Agreed\n\nSee `capacity.md` and *notes*',
  '![a chart of the grid](https://example.com/grid.png "Grid")',
  '![tracker](http://example.com/pixel.gif)',
  '![local](/static/logo.png)',
  '![](https://example.com/no-alt.png)',
  '![x](javascript:alert(1))',
  'see www.example.com, https://example.org/a?b=1&c=2 and capacity.md',
  'mail ada@example.com or [her](mailto:ada@example.com)',
  '```ts\nconst a = "<b>" && 1;\n```',
  '```\nplain "quotes" & <tags>\n```',
  '```js" onmouseover="alert(1)\nx\n```',
  '    indented "code"',
  '| left | centre | right | none |\n| :--- | :----: | ----: | ---- |\n| a | b | c | d |',
  '1. one\n2. two\n\n3) three',
  '- [x] done\n- ~~struck~~',
  '# Heading "quoted"\n\n---\n\nline one\nline two',
  'He said "hi" & left <now>',
  '[x](javascript:alert(1)) [y](//evil.example/) [z](/threads/abc) [w](data:text/html,hi)',
  'مرحبا بالفريق — right-to-left',
  `a ${'x'.repeat(350)} word`,
  '&copy; &nbsp; &#x3C;script&#x3E;',
  '<img src=x onerror=alert(1)> <script>alert(1)</script>',
];

function payloadCorpus(): string[] {
  const dompurify = JSON.parse(
    readFileSync(resolve(fixtures, 'dompurify-payloads.json'), 'utf8'),
  ) as Array<{ payload: string } | string>;
  const lines = readFileSync(resolve(fixtures, 'payloadbox-xss-payload-list.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return [
    ...dompurify.map((entry) => (typeof entry === 'string' ? entry : entry.payload)),
    ...lines.filter((_, index) => index % 10 === 0),
  ];
}

describe('comment Markdown', () => {
  it('renders what people write: images, www links, code languages, table alignment', () => {
    expect(markdown.render(FEATURE_CORPUS[2])).toBe(
      '<p><img src="https://example.com/grid.png" alt="a chart of the grid" title="Grid" loading="lazy" referrerpolicy="no-referrer" /></p>',
    );
    expect(markdown.render(FEATURE_CORPUS[3])).toBe(
      '<p><a href="http://example.com/pixel.gif" rel="nofollow noopener noreferrer ugc">tracker</a></p>',
    );
    expect(markdown.render(FEATURE_CORPUS[6])).toBe('<p>![x](javascript:alert(1))</p>');
    expect(markdown.render(FEATURE_CORPUS[7])).toBe(
      '<p>see <a href="http://www.example.com" rel="nofollow noopener noreferrer ugc">www.example.com</a>, ' +
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer ugc">https://example.org/a?b=1&amp;c=2</a> and capacity.md</p>',
    );
    expect(markdown.render(FEATURE_CORPUS[9])).toBe(
      '<pre><code class="language-ts">const a = "&lt;b&gt;" &amp;&amp; 1;\n</code></pre>',
    );
    expect(markdown.render(FEATURE_CORPUS[11])).toContain('<code class="language-js">');
    const table = markdown.render(FEATURE_CORPUS[13]);
    expect(table).toContain('<th class="align-left">left</th>');
    expect(table).toContain('<th class="align-center">centre</th>');
    expect(table).toContain('<td class="align-right">c</td>');
    expect(table).toContain('<td>d</td>');
    expect(table).not.toContain('style');
  });

  it('marks known @handles and finds mentioned ones', () => {
    expect(markdown.render(FEATURE_CORPUS[0], ['Eddie'])).toBe(
      '<p>We should <strong>rotate keys</strong> weekly, <span class="mention">@eddie</span>.</p>',
    );
    expect(mentionedHandles('hi @Ada and @bob. and ada@example.com @ada')).toEqual(['ada', 'bob']);
  });

  it('links only to the web, mail and this site', () => {
    const html = markdown.render(FEATURE_CORPUS[18]);
    expect(html).toContain('<a href="/threads/abc"');
    expect(html).not.toMatch(/href="(javascript|data|\/\/)/);
    expect(markdown.render(FEATURE_CORPUS[22])).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('renders the shared corpus as recorded (web/src/lib/discussions/comment-markdown.test.ts checks the browser build against the same file)', () => {
    const corpus = JSON.parse(
      readFileSync(resolve(import.meta.dirname, 'comment-markdown.corpus.json'), 'utf8'),
    ) as Array<{ body: string; handles: string[]; html: string }>;
    for (const { body, handles, html } of corpus) expect(markdown.render(body, handles)).toBe(html);
  });

  it('stores exactly what the shared renderer (the browser preview) produces, for every text in the corpus', () => {
    const differing = [...FEATURE_CORPUS, ...payloadCorpus()].filter(
      (body) => markdown.render(body, ['eddie']) !== renderCommentMarkdown(body, ['eddie']),
    );
    expect(differing).toEqual([]);
  });

  it('lets no markup through from the XSS corpus', () => {
    for (const body of payloadCorpus()) {
      const html = renderCommentMarkdown(body);
      expect(html).not.toMatch(/<(script|iframe|svg|object|embed|style|form|input|math)\b/i);
      // Text `<` is always escaped, so a literal `<` opens an element the renderer made.
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/<[a-z][^>]*\s(href|src)="\s*(javascript|vbscript|data):/i);
    }
  });
});
