// The `/` key focuses search from anywhere, except while someone is typing: then `/` is a character.

/** Inputs that take no text: a `/` pressed on them is not being typed. */
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/** True when `target` takes typed text: a text input, a textarea, a select or editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  const editable = target.closest('[contenteditable]');
  return editable !== null && editable.getAttribute('contenteditable') !== 'false';
}

/** True for a plain `/` keypress that should move focus to the search box. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.key !== '/' || event.defaultPrevented || event.isComposing) return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return !isTypingTarget(event.target);
}

/** Svelte action: `/` anywhere on the page focuses (and selects the text of) this input. */
export function searchShortcut(input: HTMLInputElement) {
  const onKeydown = (event: KeyboardEvent) => {
    if (!isSearchShortcut(event)) return;
    event.preventDefault();
    input.focus();
    input.select();
  };
  window.addEventListener('keydown', onKeydown);
  return { destroy: () => window.removeEventListener('keydown', onKeydown) };
}
