// Keyboard shortcuts people know from mail and issue trackers: what each key does, and a small
// state machine for the two-key "g then …" jumps. The component (KeyboardShortcuts.svelte) wires
// it to the page; this part is plain and tested on its own.

export { isTypingTarget } from './typing-target';

export type Command =
  | { kind: 'go'; path: string }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'reply' }
  | { kind: 'compose' }
  | { kind: 'edit' }
  | { kind: 'createAction' }
  | { kind: 'help' }
  | { kind: 'palette' };

/** The places `g` then a key goes to. */
export const GO_TO: Record<string, { path: string; label: string }> = {
  b: { path: '/briefings', label: 'Briefings' },
  d: { path: '/discussions', label: 'Discussions' },
  a: { path: '/actions', label: 'Actions' },
  s: { path: '/search', label: 'Search' },
};

/** What `?` lists, in order. */
export const SHORTCUT_HELP: Array<{ keys: string[]; does: string }> = [
  { keys: ['j'], does: 'Next comment, result or row' },
  { keys: ['k'], does: 'Previous comment, result or row' },
  { keys: ['r'], does: 'Reply to the selected comment' },
  { keys: ['c'], does: 'Write a comment (the comment box)' },
  { keys: ['e'], does: 'Edit the selected comment' },
  { keys: ['a'], does: 'Create an action (from the selected comment, else this page)' },
  ...Object.entries(GO_TO).map(([key, place]) => ({
    keys: ['g', key],
    does: `Go to ${place.label}`,
  })),
  { keys: ['/'], does: 'Search' },
  { keys: ['Ctrl', 'K'], does: 'Command palette: jump anywhere, run a command' },
  { keys: ['?'], does: 'This list' },
];

const SINGLE: Record<string, Command> = {
  j: { kind: 'next' },
  k: { kind: 'previous' },
  r: { kind: 'reply' },
  c: { kind: 'compose' },
  e: { kind: 'edit' },
  a: { kind: 'createAction' },
  '?': { kind: 'help' },
};

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** How long after `g` the second key still counts. */
export const SEQUENCE_MS = 1500;

/**
 * Reads key presses one at a time; `press` answers the command a press completes, or null.
 * `now` is passed in so tests need no clock.
 */
export class ShortcutReader {
  #pendingSince: number | null = null;

  press(event: KeyPress, now: number): Command | null {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k')
      return { kind: 'palette' };
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    const pending = this.#pendingSince !== null && now - this.#pendingSince <= SEQUENCE_MS;
    this.#pendingSince = null;
    if (pending) {
      const place = GO_TO[event.key];
      return place ? { kind: 'go', path: place.path } : null;
    }
    if (event.key === 'g') {
      this.#pendingSince = now;
      return null;
    }
    return SINGLE[event.key] ?? null;
  }
}

/** The things `j`/`k` move between on the page shown, in document order. */
export const ITEM_SELECTOR = [
  'main article.comment',
  'main .search-hit',
  'main article.entry',
  'main table tbody tr',
  'main .board .card-item',
].join(', ');
