// A list of actions or decisions kept current live (the list, "My actions", the decision log).
// A row the list shows changes in place when `action.changed` / `decision.changed` brings a newer
// copy. A row it does not show is only counted: whether it belongs depends on the list's filters,
// sorting and paging, which the server applies, so the page offers a refresh instead of guessing.
import { SvelteSet } from 'svelte/reactivity';
import type { ConnectionStatus, Realtime } from '$lib/realtime/realtime';
import type { ActionItem, Decision } from '$lib/api/types';

export interface LiveRow {
  id: string;
  updatedAt: string;
}

/** Starts passing one kind of change to `receive`; returns the function that stops. */
export type ChangeFeed<T> = (realtime: Realtime, receive: (row: T) => void) => () => void;

export const actionChanges: ChangeFeed<ActionItem> = (realtime, receive) =>
  realtime.on('action.changed', (event) => receive(event.action));

export const decisionChanges: ChangeFeed<Decision> = (realtime, receive) =>
  realtime.on('decision.changed', (event) => receive(event.decision));

export interface LiveRowsOptions<T> {
  changes: ChangeFeed<T>;
  /**
   * Whether a row the list does not show may belong to it (counted for "N updated"); by default
   * any may. Only for what the event alone can tell, e.g. "owned by me".
   */
  mayBelong?: (row: T) => boolean;
  /** After a reconnection: changes made meanwhile are not replayed, so load the list again. */
  reload: () => void;
}

/** Whether `incoming` is at least as recent as `current` (an older event must not undo a newer row). */
export function isAtLeastAsNew(incoming: LiveRow, current: LiveRow | undefined): boolean {
  return !current || Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt);
}

export class LiveRows<T extends LiveRow> {
  rows: T[] = $state.raw([]);
  /** Rows shown that changed since the list loaded (marked on the page). */
  readonly changed = new SvelteSet<string>();
  connection: ConnectionStatus = $state('connecting');
  /** The server acknowledged `actions:subscribe` on the current connection: changes will arrive. */
  live = $state(false);
  readonly #unseen = new SvelteSet<string>();
  readonly #options: LiveRowsOptions<T>;

  constructor(rows: T[], options: LiveRowsOptions<T>) {
    this.rows = rows;
    this.#options = options;
  }

  /** How many rows the list does not show were created or changed since it loaded. */
  get unseen(): number {
    return this.#unseen.size;
  }

  /** A fresh load of the list: what it shows now is current. */
  reset(rows: T[]): void {
    this.rows = rows;
    this.changed.clear();
    this.#unseen.clear();
  }

  receive(row: T): void {
    const index = this.rows.findIndex((shown) => shown.id === row.id);
    if (index === -1) {
      if (this.#options.mayBelong && !this.#options.mayBelong(row)) return;
      this.#unseen.add(row.id);
      return;
    }
    if (!isAtLeastAsNew(row, this.rows[index])) return;
    const rows = [...this.rows];
    rows[index] = row;
    this.rows = rows;
    this.changed.add(row.id);
  }

  /** Listens for changes; returns the function that stops. Browser only. */
  connect(realtime: Realtime): () => void {
    let connectedBefore = false;
    const stops = [
      this.#options.changes(realtime, (row) => this.receive(row)),
      realtime.status.subscribe((status) => {
        this.connection = status;
        if (status !== 'connected') {
          this.live = false;
          return;
        }
        // A reconnection forgets the subscription: ask again every time.
        void realtime.subscribeActions(this).then((ack) => {
          this.live = ack.ok;
        });
        if (connectedBefore) this.#options.reload();
        connectedBefore = true;
      }),
    ];
    return () => {
      stops.forEach((stop) => stop());
      realtime.releaseActions(this);
    };
  }
}

/** e.g. "2 updated": rows created or changed elsewhere that this list may not show yet. */
export function unseenLine(count: number): string {
  return `${count} updated`;
}
