// Shapes of the action-item and decision API, as documented in docs/api-actions.md (and the
// DTOs of api/src/actions and api/src/decisions where the page says less).
import type { IsoDateTime } from '$lib/dto/auth';
import type { IsoDate } from '$lib/dto/briefings';

export const ACTION_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DECISION_STATUSES = ['proposed', 'accepted', 'superseded', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const LINK_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'decision',
  'action',
] as const;
/** `discussion` is a thread id. */
export type LinkType = (typeof LINK_TYPES)[number];

export interface Link {
  type: LinkType;
  id: string;
}

/** A link as the API reads it back: its target's title, when the caller may see the target. */
export interface ResolvedLink extends Link {
  title: string;
}

export interface ActivityEntry {
  actor: { id: string; displayName: string } | null;
  /** Field → new value (or `{created:true}`); the API records one entry per save. */
  change: Record<string, unknown>;
  at: IsoDateTime;
}

export interface ActionOwner {
  id: string;
  displayName: string;
  handle: string;
}

export interface ActionItem {
  id: string;
  title: string;
  /** Markdown. */
  description: string;
  owner: ActionOwner | null;
  /** Who hears about it without owning it, sorted by display name; `[]` when nobody watches. */
  watchers: ActionOwner[];
  status: ActionStatus;
  priority: Priority;
  dueOn: IsoDate | null;
  /** Due date passed and neither done nor cancelled (by the server's calendar). */
  overdue: boolean;
  createdBy: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  completedAt: IsoDateTime | null;
  /** Only on `GET /actions/:id`. */
  links?: ResolvedLink[];
  activity?: ActivityEntry[];
}

export interface NewAction {
  title: string;
  description?: string;
  ownerId?: string | null;
  dueOn?: IsoDate | null;
  priority?: Priority;
  links?: Link[];
  watcherIds?: string[];
}

export interface ActionPatch {
  title?: string;
  description?: string;
  ownerId?: string | null;
  dueOn?: IsoDate | null;
  priority?: Priority;
  status?: ActionStatus;
  /** Links to add. */
  links?: Link[];
  /** Replaces the set of watchers (`[]` clears it; leave it out to keep it). */
  watcherIds?: string[];
}

export type ActionSort = 'due' | 'created' | 'priority' | 'updated';

/** `GET /actions` parameters, as the API names them. */
export interface ActionListQuery {
  status?: ActionStatus[];
  ownerId?: string;
  priority?: Priority;
  overdue?: boolean;
  dueFrom?: IsoDate;
  dueTo?: IsoDate;
  briefingId?: string;
  /** Comma list: tied to a briefing with any of these tags. */
  tag?: string;
  /** Actions linked to one thing ("the source shows its actions"). */
  linkType?: LinkType;
  linkId?: string;
  sort?: ActionSort;
  page?: number;
  limit?: number;
}

export interface Decision {
  id: string;
  title: string;
  /** What was decided. */
  statement: string;
  rationale: string;
  alternatives: string;
  status: DecisionStatus;
  decidedBy: { id: string; displayName: string } | null;
  decidedOn: IsoDateTime | null;
  reviewBy: IsoDate | null;
  supersedesId: string | null;
  supersededById: string | null;
  threadId: string | null;
  commentId: string | null;
  createdBy: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** Only on `GET /decisions/:id`. */
  links?: ResolvedLink[];
  activity?: ActivityEntry[];
}

export interface NewDecision {
  title: string;
  statement: string;
  rationale?: string;
  alternatives?: string;
  threadId?: string | null;
  commentId?: string | null;
  reviewBy?: IsoDate | null;
  links?: Link[];
}

export interface DecisionPatch {
  status?: 'accepted' | 'rejected' | 'proposed';
  title?: string;
  rationale?: string;
  reviewBy?: IsoDate | null;
}

export interface DecisionListQuery {
  status?: DecisionStatus[];
  reviewDue?: boolean;
  /** Comma list: tied to a briefing with any of these tags. */
  tag?: string;
  /** Decided on or after / before (inclusive). */
  decidedFrom?: IsoDate;
  decidedTo?: IsoDate;
  /** Who accepted it: a user id. */
  decidedBy?: string;
  /** Proposed in, or linked to, this thread (or one of its comments). */
  threadId?: string;
  sort?: 'created' | 'decided' | 'review' | 'updated';
  page?: number;
  limit?: number;
}

/** socket.io `action.changed`: the action as it now is. */
export interface ActionChangedEvent {
  action: ActionItem;
}

export interface DecisionChangedEvent {
  decision: Decision;
}
