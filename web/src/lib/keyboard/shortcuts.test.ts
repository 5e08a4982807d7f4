import { afterEach, describe, expect, it } from 'vitest';
import { isTypingTarget, ShortcutReader, SEQUENCE_MS } from './shortcuts';

const key = (
  key: string,
  modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe(ShortcutReader.name, () => {
  it('reads the single keys', () => {
    const reader = new ShortcutReader();
    expect(['j', 'k', 'r', 'c', 'e', 'a', '?'].map((k) => reader.press(key(k), 0)?.kind)).toEqual([
      'next',
      'previous',
      'reply',
      'compose',
      'edit',
      'createAction',
      'help',
    ]);
    expect(reader.press(key('x'), 0)).toBeNull();
  });

  it('goes places with g then b, d, a or s, only soon after the g', () => {
    const reader = new ShortcutReader();
    expect(reader.press(key('g'), 0)).toBeNull();
    expect(reader.press(key('b'), 100)).toEqual({ kind: 'go', path: '/briefings' });
    reader.press(key('g'), 1000);
    expect(reader.press(key('a'), 1100)).toEqual({ kind: 'go', path: '/actions' });
    reader.press(key('g'), 2000);
    expect(reader.press(key('s'), 2000 + SEQUENCE_MS + 1)).toBeNull();
    // "g a" is not "a": after a g, the next key is read as a place or nothing.
    reader.press(key('g'), 5000);
    expect(reader.press(key('x'), 5100)).toBeNull();
    expect(reader.press(key('a'), 5200)).toEqual({ kind: 'createAction' });
  });

  it('opens the palette with Ctrl-K or ⌘-K and ignores other modified keys', () => {
    const reader = new ShortcutReader();
    expect(reader.press(key('k', { ctrlKey: true }), 0)).toEqual({ kind: 'palette' });
    expect(reader.press(key('K', { metaKey: true }), 0)).toEqual({ kind: 'palette' });
    expect(reader.press(key('j', { ctrlKey: true }), 0)).toBeNull();
    expect(reader.press(key('r', { altKey: true }), 0)).toBeNull();
  });
});

describe(isTypingTarget.name, () => {
  // Test files share one document (vitest --no-isolate): leave nothing behind.
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('treats text fields and dialogs as typing, buttons and links not', () => {
    const make = (html: string) => {
      const host = document.createElement('div');
      host.innerHTML = html;
      document.body.append(host);
      return host.firstElementChild;
    };
    expect(isTypingTarget(make('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(make('<input type="text">'))).toBe(true);
    expect(isTypingTarget(make('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(make('<a href="/x">x</a>'))).toBe(false);
    expect(
      isTypingTarget(
        make('<div role="dialog"><button>b</button></div>')?.firstElementChild ?? null,
      ),
    ).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
  });
});
