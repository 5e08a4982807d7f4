// The activity log in words: each entry's change (`{field: {from, to}}` or `{created: true}`) as
// short phrases such as "moved it from Open to Done".
import type { ActivityEntry, ActionOwner } from '$lib/api/types';
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

/** What the log knows about the people an entry names by id. */
export interface ChangeContext {
  /** User id → display name. */
  names?: ReadonlyMap<string, string>;
  /** Who made the change: adding or removing only themselves reads as (stopped) watching. */
  actorId?: string | null;
}

/** Names for the ids of an action's log: its watchers, its owner and whoever acted in the log. */
export function activityNames(action: {
  owner: ActionOwner | null;
  watchers?: ActionOwner[];
  activity?: ActivityEntry[];
}): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of action.activity ?? []) {
    if (entry.actor) names.set(entry.actor.id, entry.actor.displayName);
  }
  if (action.owner) names.set(action.owner.id, action.owner.displayName);
  for (const watcher of action.watchers ?? []) names.set(watcher.id, watcher.displayName);
  return names;
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** "Ada", "Ada and Grace", "Ada, Grace and someone", "Ada and 2 others". */
function people(userIds: string[], names: ReadonlyMap<string, string>): string {
  const known = userIds.flatMap((id) => {
    const name = names.get(id);
    return name ? [name] : [];
  });
  const unknown = userIds.length - known.length;
  const parts =
    unknown === 0
      ? known
      : [
          ...known,
          unknown === 1 ? 'someone' : known.length > 0 ? `${unknown} others` : `${unknown} people`,
        ];
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function watcherPhrases(value: FromTo, context: ChangeContext): string[] {
  const from = ids(value.from);
  const to = ids(value.to);
  const added = to.filter((id) => !from.includes(id));
  const removed = from.filter((id) => !to.includes(id));
  const names = context.names ?? new Map<string, string>();
  const self = context.actorId ?? null;
  const phrase = (userIds: string[], verb: string) => {
    if (self !== null && userIds.length === 1 && userIds[0] === self) {
      return verb === 'added' ? 'started watching it' : 'stopped watching it';
    }
    const role = userIds.length === 1 ? 'a watcher' : 'watchers';
    return `${verb} ${people(userIds, names)} as ${role}`;
  };
  const phrases: string[] = [];
  if (added.length > 0) phrases.push(phrase(added, 'added'));
  if (removed.length > 0) phrases.push(phrase(removed, 'removed'));
  return phrases.length > 0 ? phrases : ['left the watchers as they were'];
}

/** One phrase per recorded field, in a stable order; unknown fields are named, not dropped. */
export function describeChange(
  change: Record<string, unknown>,
  subject: Subject,
  context: ChangeContext = {},
): string[] {
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
      case 'watchers':
        phrases.push(...watcherPhrases(value, context));
        break;
      case 'ownerId':
        phrases.push(value.to === null ? 'left it without an owner' : 'gave it a new owner');
        break;
      default:
        phrases.push(`edited the ${field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
    }
  }
  return phrases;
}
