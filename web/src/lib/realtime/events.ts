// The socket.io events between the browser and the API (docs/api-discussions.md), typed both ways.
import type {
  ActionItem,
  Comment,
  Decision,
  IsoDateTime,
  Notification,
  ThreadNote,
  ThreadState,
} from '$lib/api/types';

// Socket payloads: the REST shapes they carry come from the generated contract.

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

/** socket.io `action.changed`: the action as it now is. */
export interface ActionChangedEvent {
  action: ActionItem;
}

export interface DecisionChangedEvent {
  decision: Decision;
}

export interface ServerEvents {
  'comment.created': (event: CommentEvent) => void;
  'comment.updated': (event: CommentEvent) => void;
  'comment.deleted': (event: CommentEvent) => void;
  'thread.updated': (event: ThreadUpdatedEvent) => void;
  /** An action or decision tied to the thread changed status; takes the thread's next seq. */
  'system.note': (event: ThreadNote) => void;
  presence: (event: PresenceEvent) => void;
  typing: (event: TypingEvent) => void;
  'notification.created': (event: NotificationCreatedEvent) => void;
  'notification.read': (event: NotificationReadEvent) => void;
  /** After `actions:subscribe`: an action item someone created or changed. */
  'action.changed': (event: ActionChangedEvent) => void;
  'decision.changed': (event: DecisionChangedEvent) => void;
  /** The user may no longer read what a room carries (`thread:<id>`): the server took the socket out. */
  'access:revoked': (event: { room: string }) => void;
  /**
   * The server is about to disconnect this socket: SESSION_ENDED (signed out, deactivated,
   * password changed, credential expired) or RATE_LIMITED (too many events).
   */
  'session:ended': (event: { code: string; message: string }) => void;
}

export interface ClientEvents {
  /** Replays every thread event after `sinceSeq`, then sends live ones. */
  'thread:join': (
    request: { threadId: string; sinceSeq: number },
    ack: (ack: JoinAck) => void,
  ) => void;
  'thread:leave': (request: { threadId: string }) => void;
  /** The server throttles these too, and tells the others in the thread. */
  'thread:typing': (request: { threadId: string }) => void;
  /** Starts `action.changed` / `decision.changed` for this socket (until it disconnects). */
  'actions:subscribe': (request: Record<string, never>, ack: (ack: SubscribeAck) => void) => void;
  /** Stops them again (the server leaves this socket's follow-up rooms). */
  'actions:unsubscribe': (request: Record<string, never>) => void;
}

export type ServerEventName = keyof ServerEvents;

export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerEvents[E]>[0];

export type SubscribeAck = { ok: true } | { ok: false; error?: { code: string; message: string } };
