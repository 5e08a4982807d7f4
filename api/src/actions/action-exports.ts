import { stringify } from 'csv-stringify/sync';
import { createEvents, type EventAttributes } from 'ics';
import type { ActionDto } from './actions.dto.js';

/** A filtered action list as CSV, one row per action, for spreadsheets. */
export function actionsCsv(actions: ActionDto[]): string {
  return stringify(
    actions.map((action) => [
      action.id,
      action.title,
      action.status,
      action.priority,
      action.dueOn ?? '',
      action.overdue ? 'yes' : 'no',
      action.owner?.displayName ?? '',
      action.createdAt,
      action.completedAt ?? '',
      // Last, so the earlier columns keep their positions for existing spreadsheets.
      action.watchers.map((watcher) => watcher.displayName).join('; '),
    ]),
    {
      header: true,
      columns: [
        'id',
        'title',
        'status',
        'priority',
        'due on',
        'overdue',
        'owner',
        'created at',
        'completed at',
        'watchers',
      ],
    },
  );
}

/** Due dates as all-day calendar events. */
export function actionsCalendar(actions: ActionDto[], publicUrl: string): string {
  const events: EventAttributes[] = actions
    .filter((action) => action.dueOn)
    .map((action) => {
      return {
        uid: `action-${action.id}@briefroom`,
        title: `${action.title} (${action.status.replace('_', ' ')})`,
        // All-day: DTSTART;VALUE=DATE and an exclusive DTEND;VALUE=DATE on the next day (RFC 5545
        // 3.6.1); a `duration` came out as `P1DT`, which strict clients reject.
        start: dateParts(action.dueOn as string, 0),
        startInputType: 'utc',
        startOutputType: 'utc',
        end: dateParts(action.dueOn as string, 1),
        endInputType: 'utc',
        endOutputType: 'utc',
        // In the description, not `url`: the ics package refuses hosts without a dot, like localhost.
        description: `${publicUrl.replace(/\/$/, '')}/actions/${action.id}\n\n${action.description.slice(0, 2000)}`,
        productId: 'briefroom/actions',
      };
    });
  const { error, value } = createEvents(events, { calName: 'Briefroom action items' });
  if (error || !value) throw error ?? new Error('calendar could not be built');
  return value;
}

/** `YYYY-MM-DD` plus `days`, as the [year, month, day] the ics package writes as a DATE. */
function dateParts(day: string, days: number): [number, number, number] {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}
