// The live board: optimistic moves (rolled back with a sentence when the API refuses), other
// people's changes as they arrive, and what to announce to screen readers.
import { ApiError } from '$lib/api/client';
import type { ActionItem, ActionStatus } from '$lib/api/types';
import {
  applyMove,
  boardOf,
  findCard,
  isAtLeastAsNew,
  placeCard,
  planMove,
  receiveChange,
  rollBack,
  type Board,
} from './board';
import { STATUS_LABELS } from './labels';
import type { ConnectionStatus, Realtime } from '$lib/realtime/realtime';

export interface BoardDeps {
  /** Sends the change; answers with the action as saved. */
  save(id: string, status: ActionStatus): Promise<ActionItem>;
  /** Whether a changed action belongs on this board (its filters). */
  belongs: (action: ActionItem, alreadyShown: boolean) => boolean;
  /** After a reconnection: changes may have been missed, so load the board again. */
  reload(): void;
}

export class BoardState {
  board: Board = $state.raw(boardOf([]));
  /** Spoken by screen readers (aria-live). */
  announcement = $state('');
  /** The last refused move, shown until the next move. */
  problem: string | null = $state(null);
  connection: ConnectionStatus = $state('connecting');
  /** The server acknowledged `actions:subscribe` on the current connection: changes will arrive. */
  live = $state(false);
  readonly #deps: BoardDeps;

  constructor(actions: ActionItem[], deps: BoardDeps) {
    this.board = boardOf(actions);
    this.#deps = deps;
  }

  /** Moves a card now and tells the API; false when the move is not allowed at all. */
  async move(id: string, to: ActionStatus): Promise<boolean> {
    const move = planMove(this.board, id, to);
    const card = findCard(this.board, id);
    if (!move || !card) {
      if (card && card.status !== to) {
        this.announcement = `“${card.title}” cannot go from ${STATUS_LABELS[card.status]} to ${STATUS_LABELS[to]}: reopen it first.`;
      }
      return false;
    }
    this.problem = null;
    this.board = applyMove(this.board, move);
    this.announcement = `Moved “${card.title}” to ${STATUS_LABELS[to]}.`;
    try {
      const saved = await this.#deps.save(id, to);
      if (isAtLeastAsNew(saved, findCard(this.board, id))) {
        this.board = placeCard(this.board, saved);
      }
    } catch (cause) {
      this.board = rollBack(this.board, move);
      const reason =
        cause instanceof ApiError
          ? cause.message
          : 'Briefroom could not be reached. Try again in a moment.';
      this.problem = `“${card.title}” stayed in ${STATUS_LABELS[move.from]}: ${reason}`;
      this.announcement = this.problem;
    }
    return true;
  }

  receive(action: ActionItem): void {
    const before = findCard(this.board, action.id);
    this.board = receiveChange(this.board, action, this.#deps.belongs);
    const after = findCard(this.board, action.id);
    if (before && after && before.status !== after.status) {
      this.announcement = `“${after.title}” moved to ${STATUS_LABELS[after.status]}.`;
    }
  }

  /** Listens for changes; returns the function that stops. Browser only. */
  connect(realtime: Realtime): () => void {
    let connectedBefore = false;
    const stops = [
      realtime.on('action.changed', (event) => this.receive(event.action)),
      realtime.status.subscribe((status) => {
        this.connection = status;
        if (status !== 'connected') {
          this.live = false;
          return;
        }
        void realtime.subscribeActions(this).then((ack) => {
          this.live = ack.ok;
        });
        // What changed while the connection was down is not replayed: load the board again.
        if (connectedBefore) this.#deps.reload();
        connectedBefore = true;
      }),
    ];
    return () => {
      stops.forEach((stop) => stop());
      realtime.releaseActions(this);
    };
  }
}
