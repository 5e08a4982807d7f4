// The team board's model: one column per status, and the moves between them (drag, keyboard,
// "Move to…"). Pure functions over an immutable board, so a failed move rolls back exactly.
import { ACTION_STATUSES, type ActionItem, type ActionStatus } from '$lib/api/types';
import { canMove } from './status-moves';

export const BOARD_COLUMNS: readonly ActionStatus[] = ACTION_STATUSES;

export type Board = Readonly<Record<ActionStatus, readonly ActionItem[]>>;

const RANK = { urgent: 0, high: 1, medium: 2, low: 3 } as const;

/** Cards in a column: most urgent first, then soonest due, then oldest. */
function compareCards(a: ActionItem, b: ActionItem): number {
  return (
    RANK[a.priority] - RANK[b.priority] ||
    (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

export function emptyBoard(): Board {
  return { open: [], in_progress: [], blocked: [], done: [], cancelled: [] };
}

export function boardOf(actions: readonly ActionItem[]): Board {
  return actions.reduce((board, action) => placeCard(board, action), emptyBoard());
}

export function findCard(board: Board, id: string): ActionItem | undefined {
  for (const status of BOARD_COLUMNS) {
    const card = board[status].find((action) => action.id === id);
    if (card) return card;
  }
  return undefined;
}

export function removeCard(board: Board, id: string): Board {
  const next = { ...board };
  for (const status of BOARD_COLUMNS) {
    if (board[status].some((action) => action.id === id)) {
      next[status] = board[status].filter((action) => action.id !== id);
    }
  }
  return next;
}

/** Puts `action` in the column of its status (replacing any older copy of it, wherever it was). */
export function placeCard(board: Board, action: ActionItem): Board {
  const without = removeCard(board, action.id);
  return {
    ...without,
    [action.status]: [...without[action.status], action].sort(compareCards),
  };
}

export interface Move {
  id: string;
  from: ActionStatus;
  to: ActionStatus;
  /** The card as it was, to put back if the server refuses. */
  before: ActionItem;
}

/**
 * Plans moving card `id` to `to`: null when there is no such card, it is already there, or the
 * API would refuse the change (done and cancelled cards can only go back to open).
 */
export function planMove(board: Board, id: string, to: ActionStatus): Move | null {
  const card = findCard(board, id);
  if (!card || !canMove(card.status, to)) return null;
  return { id, from: card.status, to, before: card };
}

/** The board with the move made, before the server has answered. */
export function applyMove(board: Board, move: Move): Board {
  return placeCard(board, { ...move.before, status: move.to });
}

/**
 * The board with a refused move undone. If the card changed meanwhile (a live update from
 * someone else arrived), that newer copy stays: only our own guess is taken back.
 */
export function rollBack(board: Board, move: Move): Board {
  const now = findCard(board, move.id);
  if (now && now.status !== move.to) return board;
  if (now && now.updatedAt !== move.before.updatedAt) return board;
  return placeCard(board, move.before);
}

/**
 * Where a keyboard move (← or →) takes a card: the nearest column in that direction that the
 * card may move to, skipping ones it may not (from done, ← goes straight to open); null at an edge.
 */
export function neighbourColumn(from: ActionStatus, direction: -1 | 1): ActionStatus | null {
  let index = BOARD_COLUMNS.indexOf(from) + direction;
  while (index >= 0 && index < BOARD_COLUMNS.length) {
    const candidate = BOARD_COLUMNS[index] as ActionStatus;
    if (canMove(from, candidate)) return candidate;
    index += direction;
  }
  return null;
}

/** Whether `incoming` is at least as recent as `current` (a live event must not undo a newer answer). */
export function isAtLeastAsNew(incoming: ActionItem, current: ActionItem | undefined): boolean {
  return !current || Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt);
}

/**
 * The board after someone's change arrived live: placed in its column when the board shows it
 * (`belongs`), taken off when it no longer does, ignored when older than the copy already shown.
 */
export function receiveChange(
  board: Board,
  action: ActionItem,
  belongs: (action: ActionItem, alreadyShown: boolean) => boolean,
): Board {
  const current = findCard(board, action.id);
  if (!isAtLeastAsNew(action, current)) return board;
  return belongs(action, current !== undefined)
    ? placeCard(board, action)
    : removeCard(board, action.id);
}
