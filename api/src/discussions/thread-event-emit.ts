import type { BroadcastOperator } from 'socket.io';
import type { BriefroomSocket, SocketData } from '../realtime/realtime.gateway.js';
import type { ServerToClientEvents } from '../realtime/socket-events.js';
import type { ThreadEvent } from './discussions.repository.js';

type Target =
  Pick<BroadcastOperator<ServerToClientEvents, SocketData>, 'emit'> | Pick<BriefroomSocket, 'emit'>;

/** Sends a stored thread event to a room or one socket, shaped as its socket payload. */
export function emitThreadEvent(target: Target, event: ThreadEvent): void {
  const { threadId, seq } = event;
  switch (event.type) {
    case 'thread.updated':
      target.emit(event.type, { threadId, seq, ...event.payload });
      return;
    case 'system.note':
      target.emit(event.type, { threadId, seq, ...event.payload });
      return;
    case 'comment.created':
    case 'comment.updated':
    case 'comment.deleted':
      target.emit(event.type, { threadId, seq, ...event.payload });
      return;
  }
}
