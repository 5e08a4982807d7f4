import { describe, expect, it } from 'vitest';
import { snippetIsTitle, snippetText } from './snippet';

describe(snippetText.name, () => {
  it('drops the marks and decodes what the API escaped', () => {
    expect(snippetText('R&amp;D &lt;b&gt; <mark>grid</mark> &quot;power&quot; it&#39;s')).toBe(
      'R&D <b> grid "power" it\'s',
    );
  });
});

describe(snippetIsTitle.name, () => {
  it('tells a snippet that only repeats the title from one with more to say', () => {
    const title = 'AI infra meets energy & climate constraints';
    expect(
      snippetIsTitle({
        title,
        snippet: 'AI infra meets energy &amp; <mark>climate</mark> constraints',
      }),
    ).toBe(true);
    expect(snippetIsTitle({ title, snippet: '…record <mark>energy</mark> usage…' })).toBe(false);
    expect(snippetIsTitle({ title, snippet: '' })).toBe(false);
  });
});
