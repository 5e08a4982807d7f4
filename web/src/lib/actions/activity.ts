// The activity log in words: each entry's change (`{field: {from, to}}` or `{created: true}`) as
// short phrases such as "moved it from Open to Done".
import { formatDate } from '$lib/dates';
import { DECISION_STATUS_LABELS, PRIORITY_LABELS, STATUS_LABELS } from './labels';

type Subject = 'action' | 'decision';

interface FromTo {
  from: unknown;
  to: unknown;
}

function isFromTo(value: unknown): value is FromTo {
  return typeof value === 'object' && value !== null && 'to' in value;
}

function label(map: Record<string, string>, value: unknown): string {
  return typeof value === 'string' ? (map[value] ?? value) : 'none';
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;
}

/** One phrase per recorded field, in a stable order; unknown fields are named, not dropped. */
export function describeChange(change: Record<string, unknown>, subject: Subject): string[] {
  const phrases: string[] = [];
  const statuses: Record<string, string> =
    subject === 'action' ? STATUS_LABELS : DECISION_STATUS_LABELS;
  if (change.created === true) {
    phrases.push(
      typeof change.supersedes === 'string'
        ? 'created it, superseding an earlier decision'
        : subject === 'action'
          ? 'created it'
          : 'proposed it',
    );
  }
  for (const [field, value] of Object.entries(change)) {
    if (field === 'created' || field === 'supersedes') continue;
    if (field === 'supersededBy') {
      phrases.push('replaced it with a new decision');
      continue;
    }
    if (!isFromTo(value)) {
      phrases.push(`changed ${field}`);
      continue;
    }
    switch (field) {
      case 'status':
        phrases.push(
          `moved it from ${label(statuses, value.from)} to ${label(statuses, value.to)}`,
        );
        break;
      case 'priority':
        phrases.push(
          `changed the priority from ${label(PRIORITY_LABELS, value.from)} to ${label(PRIORITY_LABELS, value.to)}`,
        );
        break;
      case 'title':
        phrases.push(`renamed it to ${quoted(value.to)}`);
        break;
      case 'dueOn':
      case 'reviewBy': {
        const what = field === 'dueOn' ? 'due date' : 'review date';
        phrases.push(
          typeof value.to === 'string'
            ? `set the ${what} to ${formatDate(value.to)}`
            : `removed the ${what}`,
        );
        break;
      }
      case 'ownerId':
        phrases.push(value.to === null ? 'left it without an owner' : 'gave it a new owner');
        break;
      default:
        phrases.push(`edited the ${field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
    }
  }
  return phrases;
}
