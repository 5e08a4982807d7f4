// The create and edit forms of an action item: reading them, saying what is wrong, and turning
// them into API input. The fields come back exactly as typed when the API refuses them.
import type { Person } from '$lib/api/types';
import {
  PRIORITIES,
  type ActionItem,
  type ActionPatch,
  type Link,
  type NewAction,
  type Priority,
} from '$lib/api/types';
import { isIsoDate } from './filters';
import { parseLinkParam } from './source-links';

export const TITLE_MAX_LENGTH = 300;
export const DESCRIPTION_MAX_LENGTH = 20_000;
/** The API takes at most this many watchers per request. */
export const WATCHERS_MAX = 50;

export interface ActionFormValues {
  title: string;
  /** Markdown. */
  description: string;
  /** `@handle` (or a name) of the owner; empty for nobody. */
  owner: string;
  dueOn: string;
  priority: Priority;
  /** `type:id` of each link the form carries. */
  links: string[];
  /**
   * Comma-separated `@handle`s (or names) of the watchers; null when the form did not carry the
   * field, which keeps the set as it is.
   */
  watchers: string | null;
}

export function emptyActionValues(overrides: Partial<ActionFormValues> = {}): ActionFormValues {
  return {
    title: '',
    description: '',
    owner: '',
    dueOn: '',
    priority: 'medium',
    links: [],
    watchers: '',
    ...overrides,
  };
}

export function actionValuesOf(action: ActionItem): ActionFormValues {
  return {
    title: action.title,
    description: action.description,
    owner: action.owner ? `@${action.owner.handle}` : '',
    dueOn: action.dueOn ?? '',
    priority: action.priority,
    links: [],
    watchers: action.watchers.map((watcher) => `@${watcher.handle}`).join(', '),
  };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

export function readActionForm(form: FormData): ActionFormValues {
  const description = form.get('description');
  const priority = text(form, 'priority');
  return {
    title: text(form, 'title'),
    // Markdown as typed: leading spaces matter; browsers send CRLF.
    description: typeof description === 'string' ? description.replace(/\r\n?/g, '\n') : '',
    owner: text(form, 'owner'),
    dueOn: text(form, 'dueOn'),
    priority: (PRIORITIES as readonly string[]).includes(priority)
      ? (priority as Priority)
      : 'medium',
    links: form
      .getAll('link')
      .filter((value): value is string => typeof value === 'string' && value.trim() !== ''),
    watchers: form.has('watchers') ? text(form, 'watchers') : null,
  };
}

/** The people a watchers field names, each once, as typed (`@ada`, `Grace Hopper`). */
export function watcherEntries(typed: string | null): string[] {
  const seen = new Set<string>();
  return (typed ?? '')
    .split(/[,;\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => {
      const key = entry.replace(/^@/, '').toLowerCase();
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function actionFormProblem(values: ActionFormValues): string | null {
  if (!values.title) return 'Give the action a title.';
  if (values.title.length > TITLE_MAX_LENGTH) {
    return `Keep the title to ${TITLE_MAX_LENGTH} characters; put the rest in the description.`;
  }
  if (values.description.length > DESCRIPTION_MAX_LENGTH) {
    return `Keep the description under ${DESCRIPTION_MAX_LENGTH.toLocaleString('en')} characters.`;
  }
  if (values.dueOn && !isIsoDate(values.dueOn)) return 'Enter the due date as a calendar date.';
  if (watcherEntries(values.watchers).length > WATCHERS_MAX) {
    return `Name at most ${WATCHERS_MAX} watchers.`;
  }
  if (values.links.some((value) => parseLinkParam(value) === null)) {
    return 'One of the links is not something Briefroom knows how to link to.';
  }
  return null;
}

export function linksOf(values: ActionFormValues): Link[] {
  return values.links.map(parseLinkParam).filter((link): link is Link => link !== null);
}

export function newActionOf(
  values: ActionFormValues,
  ownerId: string | null,
  watcherIds: string[] = [],
): NewAction {
  return {
    title: values.title,
    description: values.description,
    ownerId,
    dueOn: values.dueOn || null,
    priority: values.priority,
    links: linksOf(values),
    ...(watcherIds.length > 0 ? { watcherIds } : {}),
  };
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function actionPatchOf(
  values: ActionFormValues,
  ownerId: string | null,
  current: ActionItem,
  /** The watchers the form names; null keeps the set. */
  watcherIds: string[] | null = null,
): ActionPatch {
  const patch: ActionPatch = {};
  if (values.title !== current.title) patch.title = values.title;
  if (values.description !== current.description) patch.description = values.description;
  if (ownerId !== (current.owner?.id ?? null)) patch.ownerId = ownerId;
  if ((values.dueOn || null) !== current.dueOn) patch.dueOn = values.dueOn || null;
  if (values.priority !== current.priority) patch.priority = values.priority;
  if (watcherIds !== null && !sameIds(watcherIds, current.watchers?.map((w) => w.id) ?? [])) {
    patch.watcherIds = watcherIds;
  }
  return patch;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

export type OwnerChoice =
  { ownerId: string | null; problem: null } | { ownerId: null; problem: string };

/**
 * Who `typed` names among `candidates` (the people whose handle or name starts like it): an
 * exact `@handle` or name wins; otherwise only a single match counts. Else the candidates.
 */
function matchPerson(typed: string, candidates: readonly Person[]): Person | readonly Person[] {
  const wanted = typed.trim().replace(/^@/, '').toLowerCase();
  const exact = candidates.filter(
    (person) =>
      person.handle.toLowerCase() === wanted || person.displayName.toLowerCase() === wanted,
  );
  if (exact.length === 1) return exact[0] as Person;
  if (exact.length === 0 && candidates.length === 1) return candidates[0] as Person;
  return candidates;
}

/** Whether `typed` is exactly this person's `@handle` or name. */
export function isNamedBy(person: Person, typed: string): boolean {
  const wanted = typed.trim().replace(/^@/, '').toLowerCase();
  return person.handle.toLowerCase() === wanted || person.displayName.toLowerCase() === wanted;
}

function unclear(typed: string, candidates: readonly Person[], role: string): string {
  if (candidates.length === 0) {
    return `Nobody called “${typed}” can ${role}. Check the @handle.`;
  }
  const names = candidates
    .slice(0, 5)
    .map((person) => `@${person.handle} (${person.displayName})`)
    .join(', ');
  return `Several people match “${typed}”: ${names}. Enter their @handle.`;
}

/** Who an owner field names among `candidates`, or why it is unclear. */
export function chooseOwner(typed: string, candidates: readonly Person[]): OwnerChoice {
  if (!typed.trim().replace(/^@/, '')) return { ownerId: null, problem: null };
  const match = matchPerson(typed, candidates);
  return 'id' in match
    ? { ownerId: match.id, problem: null }
    : { ownerId: null, problem: unclear(typed, match, 'own actions') };
}

export type WatchersChoice =
  { watcherIds: string[]; problem: null } | { watcherIds: null; problem: string };

/**
 * The watchers a field names. `known` (the current watchers) are matched first, so one who was
 * deactivated since can be sent back; `candidatesOf` gives the people matching each other entry.
 */
export function chooseWatchers(
  entries: readonly string[],
  known: readonly Person[],
  candidatesOf: (entry: string) => readonly Person[],
): WatchersChoice {
  const ids: string[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const kept = known.find((person) => isNamedBy(person, entry));
    const match = kept ?? matchPerson(entry, candidatesOf(entry));
    if ('id' in match) {
      if (!ids.includes(match.id)) ids.push(match.id);
    } else {
      problems.push(unclear(entry, match, 'watch actions'));
    }
  }
  return problems.length > 0
    ? { watcherIds: null, problem: problems.join(' ') }
    : { watcherIds: ids, problem: null };
}
