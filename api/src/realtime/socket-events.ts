// The socket.io events between the browser and the API (docs/api-discussions.md), typed both ways.
// One module for both sides: the gateways type their socket.io server with it and the web app
// imports it (types only), so an event renamed or reshaped here breaks both builds. Payloads are
// the REST shapes from the generated contract (`npm run contract`), so both sides read them alike.
import type { components } from '../../../web/src/lib/api/schema.js';

type Schemas = components['schemas'];
type ActionDto = Schemas['ActionDto'];
type CommentDto = Schemas['CommentDto'];
type DecisionDto = Schemas['DecisionDto'];
type NotificationDto = Schemas['NotificationDto'];
type ThreadNoteDto = Schemas['ThreadNoteDto'];
type ThreadState = Schemas['ThreadState'];
type TallyDto = Schemas['TallyDto'];
type StanceDto = Schemas['StanceDto'];

/** Every thread event carries its thread and its place in the thread's timeline. */
export interface ThreadEventBase {
  threadId: string;
  seq: number;
}

export interface CommentEvent extends ThreadEventBase {
  comment: CommentDto;
}

/** What a state change carries: the new state and outcome, and when. */
export interface ThreadChange {
  state: ThreadState;
  outcome: string | null;
  updatedAt?: string;
  lastSeq?: number;
}

export interface ThreadUpdatedEvent extends ThreadEventBase {
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
  notification: NotificationDto;
  unreadCount: number;
}

export interface NotificationReadEvent {
  unreadCount: number;
}

/** socket.io `action.changed`: the action as it now is. */
export interface ActionChangedEvent {
  action: ActionDto;
}

export interface DecisionChangedEvent {
  decision: DecisionDto;
}

/** socket.io `decision.stances`: a stance on a proposed decision was taken, changed or withdrawn. */
export interface DecisionStancesEvent {
  decisionId: string;
  votingOpen: boolean;
  tally: TallyDto;
  /** Who stood where, blocks first. */
  stances: StanceDto[];
}

export interface SocketError {
  code: string;
  message: string;
}

export type JoinAck =
  { ok: true; lastSeq: number; complete?: boolean } | { ok: false; error: SocketError };

export type SubscribeAck = { ok: true } | { ok: false; error?: SocketError };

export interface ServerToClientEvents {
  'comment.created': (event: CommentEvent) => void;
  'comment.updated': (event: CommentEvent) => void;
  'comment.deleted': (event: CommentEvent) => void;
  'thread.updated': (event: ThreadUpdatedEvent) => void;
  /** An action or decision tied to the thread changed status; takes the thread's next seq. */
  'system.note': (event: ThreadNoteDto) => void;
  presence: (event: PresenceEvent) => void;
  typing: (event: TypingEvent) => void;
  'notification.created': (event: NotificationCreatedEvent) => void;
  'notification.read': (event: NotificationReadEvent) => void;
  /** After `actions:subscribe`: an action item someone created or changed. */
  'action.changed': (event: ActionChangedEvent) => void;
  'decision.changed': (event: DecisionChangedEvent) => void;
  /** After `actions:subscribe`: the tally and stances of a proposed decision you may read. */
  'decision.stances': (event: DecisionStancesEvent) => void;
  /** The user may no longer read what a room carries (`thread:<id>`): the server took the socket out. */
  'access:revoked': (event: { room: string }) => void;
  /**
   * The server is about to disconnect this socket: SESSION_ENDED (signed out, deactivated,
   * password changed, credential expired) or RATE_LIMITED (too many events).
   */
  'session:ended': (event: SocketError) => void;
}

export interface ClientToServerEvents {
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

export type ServerEventName = keyof ServerToClientEvents;

export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Thread timeline events: what `thread:join` replays and thread rooms receive live. */
export type ThreadEventName =
  'comment.created' | 'comment.updated' | 'comment.deleted' | 'thread.updated' | 'system.note';
