// Shapes of the discussions and notifications API, as documented in docs/api-discussions.md
// (checked against the running API where the two differ: reactions carry `userIds`, revisions
// `replacedAt`).
import type { IsoDateTime } from './auth';
import type { IsoDate, ThreadState } from './briefings';

export type { ThreadState } from './briefings';

export const THREAD_STATES: readonly ThreadState[] = ['open', 'converging', 'resolved'];

/** The reactions the API accepts, by name. */
export const REACTION_NAMES = [
  '+1',
  '-1',
  'heart',
  'tada',
  'laugh',
  'confused',
  'eyes',
  'rocket',
] as const;

export type ReactionName = (typeof REACTION_NAMES)[number];

/** Someone as a comment, a mention or a notification names them. */
export interface Person {
  id: string;
  displayName: string;
  /** The local part of their email: what `@mentions` use. */
  handle: string;
}

export interface Reaction {
  emoji: ReactionName;
  count: number;
  /** Who reacted, oldest first: the caller's own reaction is theirs among these. */
  userIds: string[];
}

export interface Comment {
  id: string;
  threadId: string;
  parentId: string | null;
  /** The thread event that created it; comments arrive in this order. */
  seq: number;
  /** Markdown source; null once deleted. */
  body: string | null;
  /** The server's rendering of `body`, sanitised with an allowlist; null once deleted. */
  bodyHtml: string | null;
  /** Null when the account no longer exists. */
  author: Person | null;
  createdAt: IsoDateTime;
  editedAt: IsoDateTime | null;
  deletedAt: IsoDateTime | null;
  reactions: Reaction[];
}

export interface CommentRevision {
  /** The text as it was before this edit. */
  body: string;
  /** When this text was replaced by the next one. */
  replacedAt: IsoDateTime;
  editor: Person | null;
}

export interface BriefingRef {
  id: string;
  slug: string;
  title: string;
  publishedOn: IsoDate;
}

export interface ThreadItem {
  id: string;
  title: string;
  body: string | null;
}

/** A thread with what its page shows on top. */
export interface Thread {
  id: string;
  briefing: BriefingRef;
  /** The discussion prompt it belongs to; null for a thread opened on one item. */
  prompt: { id: string; prompt: string } | null;
  /** The item it was opened on; null for a prompt's thread. */
  item: ThreadItem | null;
  /** The items of the prompt's section. */
  items: ThreadItem[];
  title: string;
  state: ThreadState;
  /** The one-line answer recorded when it was resolved. */
  outcome: string | null;
  /** The seq of its latest event. */
  lastSeq: number;
  commentCount: number;
  following: boolean;
  /** How far the caller had read: comments with a higher seq are new to them. */
  lastReadSeq: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface ThreadPage {
  thread: Thread;
  /** Ascending seq: parents always come before their replies. */
  comments: Comment[];
  /** Pass as `afterSeq` for the next page; null when this was the last. */
  nextAfterSeq: number | null;
}

export interface ThreadPageQuery {
  afterSeq?: number;
  /** 1 to 500; the API defaults to 200. */
  limit?: number;
}

export interface NewComment {
  body: string;
  parentId: string | null;
}

export interface ThreadStateChange {
  state: ThreadState;
  /** Required, one line of 1 to 280 characters, when resolving. */
  outcome?: string;
}

/** A row of the discussions dashboard. */
export interface ThreadSummary {
  id: string;
  title: string;
  state: ThreadState;
  outcome: string | null;
  commentCount: number;
  lastSeq: number;
  /** The latest activity. */
  updatedAt: IsoDateTime;
  /** True for a prompt's thread, false for one opened on an item. */
  isPrompt: boolean;
  briefing: BriefingRef;
}

export interface ThreadListQuery {
  /** The API defaults to the unresolved ones: open and converging. */
  states?: readonly ThreadState[];
  cursor?: string;
  limit?: number;
}

export interface ThreadListPage {
  /** Most recent activity first. */
  threads: ThreadSummary[];
  nextCursor: string | null;
}

/** About a thread: `mention`, `reply`, `activity`. About no thread: reminders and alerts (docs/api-actions.md, docs/api-search.md). Later API versions may add kinds. */
export type NotificationKind =
  | 'mention'
  | 'reply'
  | 'activity'
  | 'action.due_soon'
  | 'action.overdue'
  | 'action.changed'
  | 'decision.review_due'
  | 'saved_search';

export interface Notification {
  id: string;
  kind: NotificationKind;
  /** Null for reminders and saved-search alerts. */
  thread: { id: string; title: string } | null;
  commentId: string | null;
  actor: Person | null;
  /** `action.due_soon`, `action.overdue`, `action.changed`. */
  action?: { id: string; title: string; dueOn: IsoDate | null; status: string } | null;
  /** `decision.review_due`. */
  decision?: { id: string; title: string; reviewBy: IsoDate | null } | null;
  /** `saved_search`: the search, and how many new results its latest check found. */
  savedSearch?: {
    id: string;
    name: string;
    query: string;
    /** The search page's own parameters (type, tags, status, from, to, …). */
    filters?: Record<string, string>;
    newHits: number;
  } | null;
  createdAt: IsoDateTime;
  readAt: IsoDateTime | null;
}

export interface NotificationQuery {
  unreadOnly?: boolean;
  cursor?: string;
}

export interface NotificationPage {
  notifications: Notification[];
  unreadCount: number;
  nextCursor: string | null;
}

/** Either some notifications by id, or all of them. */
export type NotificationSelection = { ids: string[] } | { all: true };

// Socket events (socket.io at /socket.io)

export interface CommentEvent {
  threadId: string;
  seq: number;
  comment: Comment;
}

/** What a state change carries: the new state and outcome, and when. */
export interface ThreadChange {
  state: ThreadState;
  outcome: string | null;
  updatedAt?: IsoDateTime;
  lastSeq?: number;
}

export interface ThreadUpdatedEvent {
  threadId: string;
  seq: number;
  thread: ThreadChange;
}

/**
 * A system note in a thread's timeline (docs/api-actions.md, "Thread system notes"): an action or
 * decision tied to the thread changed status. Socket event `system.note` and
 * `GET /threads/:id/notes` carry the same shape; it takes the thread's next `seq` like a comment.
 */
export interface ThreadNote {
  threadId: string;
  seq: number;
  kind: 'action.status' | 'decision.status';
  /** `action.status` notes. */
  actionId?: string;
  /** `decision.status` notes. */
  decisionId?: string;
  /** Null when some readers of the thread may not read the action or decision. */
  title: string | null;
  /** Null for a decision just proposed (or created accepted by a supersede). */
  from: string | null;
  to: string;
  /** Null when the account no longer exists. */
  by: { id: string; displayName: string } | null;
  at: IsoDateTime;
}

export interface PresenceEvent {
  threadId: string;
  /** How many people (not tabs) have the thread open. */
  readers: number;
}

export interface TypingEvent {
  threadId: string;
  user: { id: string; displayName: string };
}

export interface NotificationCreatedEvent {
  notification: Notification;
  unreadCount: number;
}

export interface NotificationReadEvent {
  unreadCount: number;
}

export type JoinAck =
  | { ok: true; lastSeq: number; complete?: boolean }
  | { ok: false; error: { code: string; message: string } };
