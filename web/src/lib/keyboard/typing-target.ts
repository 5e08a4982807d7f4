// On its own so the app layout, which reads every key press to load the shortcuts on the first
// one, does not load the shortcuts themselves (shortcuts.ts) with every page.

/** Typing in a field, or a widget that wants its own keys: shortcuts stay out of the way. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target.closest('[role="listbox"], [role="combobox"], [role="dialog"]') !== null;
}
