// Search as you type: the keyboard rules of the suggestions list (ARIA combobox with a listbox
// popup) and a debounced fetcher that aborts the request a newer keystroke made stale.

export type ComboboxKey = 'ArrowDown' | 'ArrowUp';

/**
 * The option made active by an arrow key, among `count` options; -1 means none (the text caret
 * stays in the box). Down from the last option and up from the first wrap around.
 */
export function moveActive(active: number, count: number, key: ComboboxKey): number {
  if (count <= 0) return -1;
  if (key === 'ArrowDown') return active < 0 || active >= count - 1 ? 0 : active + 1;
  return active <= 0 ? count - 1 : active - 1;
}

/** What the suggestions list shows. */
export type TypeaheadState<T> =
  | { phase: 'idle' }
  | { phase: 'loading'; query: string }
  | { phase: 'ready'; query: string; result: T }
  | { phase: 'failed'; query: string; error: unknown };

export interface TypeaheadOptions<T> {
  fetch: (query: string, signal: AbortSignal) => Promise<T>;
  onChange: (state: TypeaheadState<T>) => void;
  delayMs?: number;
  /** Shorter queries show nothing and ask nothing. */
  minLength?: number;
}

export const TYPEAHEAD_DELAY_MS = 150;

export class Typeahead<T> {
  readonly #fetch: TypeaheadOptions<T>['fetch'];
  readonly #onChange: TypeaheadOptions<T>['onChange'];
  readonly #delayMs: number;
  readonly #minLength: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;

  constructor(options: TypeaheadOptions<T>) {
    this.#fetch = options.fetch;
    this.#onChange = options.onChange;
    this.#delayMs = options.delayMs ?? TYPEAHEAD_DELAY_MS;
    this.#minLength = options.minLength ?? 2;
  }

  /** The box now reads `text`: ask again after a pause in typing, dropping any answer still due. */
  input(text: string): void {
    this.cancel();
    const query = text.trim();
    if (query.length < this.#minLength) {
      this.#onChange({ phase: 'idle' });
      return;
    }
    this.#timer = setTimeout(() => void this.#run(query), this.#delayMs);
  }

  /** Stops waiting: no pending request is sent, no answer still due is shown. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  async #run(query: string): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    this.#onChange({ phase: 'loading', query });
    try {
      const result = await this.#fetch(query, controller.signal);
      if (!controller.signal.aborted) this.#onChange({ phase: 'ready', query, result });
    } catch (error) {
      if (!controller.signal.aborted) this.#onChange({ phase: 'failed', query, error });
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
  }
}
