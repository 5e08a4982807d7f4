// The socket.io events between the browser and the API (docs/api-discussions.md), typed both ways:
// the one event map the API's gateways also use (api/src/realtime/socket-events.ts), types only.
export type {
  ActionChangedEvent,
  ClientToServerEvents as ClientEvents,
  CommentEvent,
  DecisionChangedEvent,
  JoinAck,
  NotificationCreatedEvent,
  NotificationReadEvent,
  PresenceEvent,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents as ServerEvents,
  SubscribeAck,
  ThreadChange,
  ThreadUpdatedEvent,
  TypingEvent,
} from '$socket-events';
