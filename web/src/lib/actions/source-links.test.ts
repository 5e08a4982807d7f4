import { describe, expect, it } from 'vitest';
import {
  QUOTE_MAX_LENGTH,
  linkHref,
  linksFromParams,
  markdownQuote,
  newActionHref,
  newDecisionHref,
  parseLinkParam,
  titleFromQuote,
} from './source-links';

const ITEM = 'b1a2c3d4-0000-4000-8000-000000000001';
const BRIEFING = 'a1a2c3d4-0000-4000-8000-000000000001';
const THREAD = 'e1a2c3d4-0000-4000-8000-000000000001';
const COMMENT = 'c0000000-0000-4000-8000-000000000001';

describe('pre-filled create forms', () => {
  it('round-trips the links and quote of a one-click "Create action"', () => {
    const href = newActionHref(
      [
        { type: 'item', id: ITEM },
        { type: 'briefing', id: BRIEFING },
      ],
      'AI infra meets energy',
    );
    const url = new URL(href, 'http://app.test');
    expect(url.pathname).toBe('/actions/new');
    expect(linksFromParams(url.searchParams)).toEqual([
      { type: 'item', id: ITEM },
      { type: 'briefing', id: BRIEFING },
    ]);
    expect(url.searchParams.get('quote')).toBe('AI infra meets energy');
  });

  it('cuts a long quote so the address stays sensible', () => {
    const url = new URL(newActionHref([], 'x'.repeat(5000)), 'http://app.test');
    expect(url.searchParams.get('quote')).toHaveLength(QUOTE_MAX_LENGTH);
    expect(url.searchParams.get('quote')?.endsWith('…')).toBe(true);
  });

  it('proposes a decision from a comment with its thread', () => {
    const url = new URL(
      newDecisionHref({ threadId: THREAD, commentId: COMMENT, quote: 'Ship it' }),
      'http://app.test',
    );
    expect(url.pathname).toBe('/decisions/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      threadId: THREAD,
      commentId: COMMENT,
      quote: 'Ship it',
    });
  });

  it('reads only well-formed, distinct links', () => {
    expect(parseLinkParam(`comment:${COMMENT}`)).toEqual({ type: 'comment', id: COMMENT });
    expect(parseLinkParam(`user:${COMMENT}`)).toBeNull();
    expect(parseLinkParam('item:42')).toBeNull();
    expect(parseLinkParam(`item:${ITEM}:extra`)).toBeNull();
    const params = new URLSearchParams();
    params.append('link', `item:${ITEM}`);
    params.append('link', `item:${ITEM.toUpperCase()}`);
    params.append('link', 'nonsense');
    expect(linksFromParams(params)).toEqual([{ type: 'item', id: ITEM }]);
  });
});

describe(markdownQuote.name, () => {
  it('quotes every line, keeping blank ones inside the quote', () => {
    expect(markdownQuote('First line\r\n\r\nSecond')).toBe('> First line\n>\n> Second\n\n');
    expect(markdownQuote('   ')).toBe('');
  });
});

describe(linkHref.name, () => {
  it('finds an item through its briefing and a comment through its thread', () => {
    const links = [
      { type: 'item' as const, id: ITEM },
      { type: 'briefing' as const, id: BRIEFING },
      { type: 'comment' as const, id: COMMENT },
      { type: 'discussion' as const, id: THREAD },
    ];
    expect(linkHref(links[0]!, links)).toBe(`/briefings/${BRIEFING}#item-${ITEM}`);
    expect(linkHref(links[1]!, links)).toBe(`/briefings/${BRIEFING}`);
    expect(linkHref(links[2]!, links)).toBe(`/threads/${THREAD}#comment-${COMMENT}`);
    expect(linkHref(links[3]!, links)).toBe(`/threads/${THREAD}`);
  });

  it('gives no address when it cannot tell which briefing or thread', () => {
    expect(linkHref({ type: 'item', id: ITEM }, [])).toBeNull();
    expect(linkHref({ type: 'comment', id: COMMENT }, [])).toBeNull();
  });
});

describe(titleFromQuote.name, () => {
  it.each([
    [
      'We should **move training** to the hydro region. Costs drop by a third.',
      'We should move training to the hydro region',
    ],
    [
      '> Agreed\n\nCan @ada check the `capacity.md` numbers?',
      'Can @ada check the capacity.md numbers?',
    ],
    ['Ship it!', 'Ship it!'],
    ['> Only a quote here', 'Only a quote here'],
    ['First paragraph without a stop\n\nsecond one', 'First paragraph without a stop'],
    ['  spaces   everywhere  ', 'spaces everywhere'],
    ['', ''],
    [null, ''],
  ])('%j → %j', (quote, title) => {
    expect(titleFromQuote(quote)).toBe(title);
  });

  it('cuts a long first sentence at a word', () => {
    const title = titleFromQuote(`${'word '.repeat(60)}end.`);
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title).toMatch(/word…$/);
  });
});
