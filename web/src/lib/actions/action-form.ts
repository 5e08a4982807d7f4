// The create and edit forms of an action item: reading them, saying what is wrong, and turning
// them into API input. The fields come back exactly as typed when the API refuses them.
import type { Person } from '$lib/dto/discussions';
import {
  PRIORITIES,
  type ActionItem,
  type ActionPatch,
  type Link,
  type NewAction,
  type Priority,
} from './dto';
import { isIsoDate } from './filters';
import { parseLinkParam } from './source-links';

export const TITLE_MAX_LENGTH = 300;
export const DESCRIPTION_MAX_LENGTH = 20_000;

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
}

export function emptyActionValues(overrides: Partial<ActionFormValues> = {}): ActionFormValues {
  return {
    title: '',
    description: '',
    owner: '',
    dueOn: '',
    priority: 'medium',
    links: [],
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
  };
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
  if (values.links.some((value) => parseLinkParam(value) === null)) {
    return 'One of the links is not something Briefroom knows how to link to.';
  }
  return null;
}

export function linksOf(values: ActionFormValues): Link[] {
  return values.links.map(parseLinkParam).filter((link): link is Link => link !== null);
}

export function newActionOf(values: ActionFormValues, ownerId: string | null): NewAction {
  return {
    title: values.title,
    description: values.description,
    ownerId,
    dueOn: values.dueOn || null,
    priority: values.priority,
    links: linksOf(values),
  };
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function actionPatchOf(
  values: ActionFormValues,
  ownerId: string | null,
  current: ActionItem,
): ActionPatch {
  const patch: ActionPatch = {};
  if (values.title !== current.title) patch.title = values.title;
  if (values.description !== current.description) patch.description = values.description;
  if (ownerId !== (current.owner?.id ?? null)) patch.ownerId = ownerId;
  if ((values.dueOn || null) !== current.dueOn) patch.dueOn = values.dueOn || null;
  if (values.priority !== current.priority) patch.priority = values.priority;
  return patch;
}

export type OwnerChoice =
  { ownerId: string | null; problem: null } | { ownerId: null; problem: string };

/**
 * Who `typed` names among `candidates` (the people whose handle or name starts like it): an
 * exact `@handle` or name wins; otherwise only a single match counts.
 */
export function chooseOwner(typed: string, candidates: readonly Person[]): OwnerChoice {
  const wanted = typed.trim().replace(/^@/, '').toLowerCase();
  if (!wanted) return { ownerId: null, problem: null };
  const exact = candidates.filter(
    (person) =>
      person.handle.toLowerCase() === wanted || person.displayName.toLowerCase() === wanted,
  );
  const chosen = exact.length === 1 ? exact : candidates.length === 1 ? candidates : [];
  if (chosen.length === 1) return { ownerId: (chosen[0] as Person).id, problem: null };
  if (candidates.length === 0) {
    return {
      ownerId: null,
      problem: `Nobody called “${typed}” can own actions. Check the @handle.`,
    };
  }
  const names = candidates
    .slice(0, 5)
    .map((person) => `@${person.handle} (${person.displayName})`)
    .join(', ');
  return {
    ownerId: null,
    problem: `Several people match “${typed}”: ${names}. Enter their @handle.`,
  };
}
