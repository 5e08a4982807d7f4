// "My actions": what the viewer owns, grouped by how soon it is due.
import type { ActionItem } from '$lib/api/types';

export type DueGroup = 'overdue' | 'soon' | 'later' | 'undated';

export const DUE_GROUPS: Record<DueGroup, { heading: string; empty: string }> = {
  overdue: { heading: 'Overdue', empty: 'Nothing overdue.' },
  soon: { heading: 'Due soon', empty: 'Nothing due in the next week.' },
  later: { heading: 'Later', empty: 'Nothing due later.' },
  undated: { heading: 'No due date', empty: 'Every action has a date.' },
};

/** How many days ahead (today included) count as "due soon". */
export const SOON_DAYS = 7;

/** `YYYY-MM-DD` of `days` after `date` (a `YYYY-MM-DD`), on the calendar. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Today's `YYYY-MM-DD` in UTC, the calendar the pages show dates in. */
export function todayIso(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function dueGroupOf(action: ActionItem, today: string): DueGroup {
  if (action.dueOn === null) return 'undated';
  // The server's flag decides (its calendar), and a date before today agrees with it.
  if (action.overdue || action.dueOn < today) return 'overdue';
  return action.dueOn < addDays(today, SOON_DAYS) ? 'soon' : 'later';
}

/**
 * Unfinished actions in four groups, each soonest first (then most urgent). Done and cancelled
 * actions are left out: nothing is left to do.
 */
export function groupByDue(actions: ActionItem[], today: string): Record<DueGroup, ActionItem[]> {
  const groups: Record<DueGroup, ActionItem[]> = { overdue: [], soon: [], later: [], undated: [] };
  for (const action of actions) {
    if (action.status === 'done' || action.status === 'cancelled') continue;
    groups[dueGroupOf(action, today)].push(action);
  }
  const rank = { urgent: 0, high: 1, medium: 2, low: 3 } as const;
  for (const list of Object.values(groups)) {
    list.sort(
      (a, b) =>
        (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
        rank[a.priority] - rank[b.priority] ||
        a.title.localeCompare(b.title),
    );
  }
  return groups;
}
