// Which status changes the API allows (api/src/actions/action-status.ts): anything between the
// unfinished statuses and to done/cancelled; done and cancelled can only be reopened.
import type { ActionStatus } from '$lib/api/types';

const NEXT: Record<ActionStatus, readonly ActionStatus[]> = {
  open: ['in_progress', 'blocked', 'done', 'cancelled'],
  in_progress: ['open', 'blocked', 'done', 'cancelled'],
  blocked: ['open', 'in_progress', 'done', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

/** A real change the API accepts (staying put is not a move). */
export function canMove(from: ActionStatus, to: ActionStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: ActionStatus): readonly ActionStatus[] {
  return NEXT[from];
}
