// The composer's Preview renders with the API's own comment renderer ($comment-markdown). This runs
// it in the browser-like test environment over the corpus the API's spec checks its stored HTML
// against (api/src/discussions/comment-markdown.corpus.json): the preview is what gets posted.
import { describe, expect, it } from 'vitest';
import { renderCommentMarkdown } from '$comment-markdown';
import corpus from '../../../../api/src/discussions/comment-markdown.corpus.json';

describe('comment Markdown in the browser', () => {
  it.each(corpus as Array<{ body: string; handles: string[]; html: string }>)(
    'renders $body as the server stores it',
    ({ body, handles, html }) => {
      expect(renderCommentMarkdown(body, handles)).toBe(html);
    },
  );

  it('leaves typed markup as text when shown in a page', () => {
    const host = document.createElement('div');
    host.innerHTML = renderCommentMarkdown(
      '<img src=x onerror=alert(1)> ![a](https://e.com/a.png)',
    );
    expect(host.querySelectorAll('img')).toHaveLength(1);
    const image = host.querySelector('img') as HTMLImageElement;
    expect(image.getAttribute('onerror')).toBeNull();
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
  });
});
