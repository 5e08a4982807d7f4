import { afterEach, describe, expect, it } from 'vitest';
import { isSearchShortcut, isTypingTarget, searchShortcut } from './shortcut';

function press(target: Element, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: '/',
    bubbles: true,
    cancelable: true,
    ...init,
  });
  target.dispatchEvent(event);
  return event;
}

function element(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  document.body.append(holder);
  return holder.firstElementChild as HTMLElement;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe(isTypingTarget.name, () => {
  it('counts text fields, text areas, selects and editable content as typing', () => {
    expect(isTypingTarget(element('<input type="text">'))).toBe(true);
    expect(isTypingTarget(element('<input type="search">'))).toBe(true);
    expect(isTypingTarget(element('<input>'))).toBe(true);
    expect(isTypingTarget(element('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(element('<select><option>a</option></select>'))).toBe(true);
    expect(
      isTypingTarget(element('<div contenteditable="true"><p>x</p></div>').firstElementChild),
    ).toBe(true);
  });

  it('does not count buttons, checkboxes, links or plain text', () => {
    expect(isTypingTarget(element('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(element('<button>Go</button>'))).toBe(false);
    expect(isTypingTarget(element('<a href="/x">x</a>'))).toBe(false);
    expect(isTypingTarget(element('<div contenteditable="false">x</div>'))).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe(isSearchShortcut.name, () => {
  const at = (target: Element, init: KeyboardEventInit = {}) => {
    let seen: boolean | undefined;
    target.addEventListener(
      'keydown',
      (event) => (seen = isSearchShortcut(event as KeyboardEvent)),
      {
        once: true,
      },
    );
    press(target, init);
    return seen;
  };

  it('takes a plain / pressed outside a field', () => {
    expect(at(document.body)).toBe(true);
    expect(at(element('<button>Go</button>'))).toBe(true);
  });

  it('leaves / alone while typing, with a modifier, or for another key', () => {
    expect(at(element('<textarea></textarea>'))).toBe(false);
    expect(at(element('<input type="text">'))).toBe(false);
    expect(at(element('<div contenteditable="true">x</div>'))).toBe(false);
    expect(at(document.body, { ctrlKey: true })).toBe(false);
    expect(at(document.body, { metaKey: true })).toBe(false);
    expect(at(document.body, { key: '?' })).toBe(false);
  });
});

describe(searchShortcut.name, () => {
  it('focuses and selects the box on /, without typing the / into it', () => {
    const box = element('<input type="search" value="old words">') as HTMLInputElement;
    const other = element('<textarea></textarea>') as HTMLTextAreaElement;
    const action = searchShortcut(box);

    const event = press(document.body);
    expect(document.activeElement).toBe(box);
    expect(event.defaultPrevented).toBe(true);
    expect([box.selectionStart, box.selectionEnd]).toEqual([0, 'old words'.length]);

    other.focus();
    const typed = press(other);
    expect(document.activeElement).toBe(other);
    expect(typed.defaultPrevented).toBe(false);

    action.destroy();
    other.blur();
    press(document.body);
    expect(document.activeElement).not.toBe(box);
  });
});
