import type { ActionStatus } from './actions.dto.js';

/** Which status changes make sense; anything else is a 409 (e.g. done → blocked: reopen first). */
const NEXT: Record<ActionStatus, ActionStatus[]> = {
  open: ['in_progress', 'blocked', 'done', 'cancelled'],
  in_progress: ['open', 'blocked', 'done', 'cancelled'],
  blocked: ['open', 'in_progress', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export function canMove(from: ActionStatus, to: ActionStatus): boolean {
  return from === to || NEXT[from].includes(to);
}
