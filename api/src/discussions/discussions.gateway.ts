import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { threadRoom, type SocketData } from '../realtime/realtime.gateway.js';
import { DiscussionsService } from './discussions.service.js';

interface JoinRequest {
  threadId?: unknown;
  sinceSeq?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPING_INTERVAL_MS = 2_000;

/**
 * Thread rooms on the shared socket.io server: a join replays every event after the client's
 * last seq from PostgreSQL, then the client receives live events; presence and typing ride along.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class DiscussionsGateway {
  private readonly lastTyping = new WeakMap<Socket, number>();

  constructor(private readonly service: DiscussionsService) {}

  @SubscribeMessage('thread:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() request: JoinRequest) {
    const threadId =
      typeof request?.threadId === 'string' && UUID.test(request.threadId)
        ? request.threadId
        : undefined;
    const sinceSeq =
      Number.isInteger(request?.sinceSeq) && (request.sinceSeq as number) >= 0
        ? (request.sinceSeq as number)
        : 0;
    if (!threadId)
      return {
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: 'threadId must be a thread id.' },
      };
    const { auth } = socket.data as SocketData;
    // Join before reading the backlog so nothing committed in between is missed (the client drops duplicates by seq).
    await socket.join(threadRoom(threadId));
    const missed = await this.service.missedEvents(auth, threadId, sinceSeq);
    if (!missed) {
      await socket.leave(threadRoom(threadId));
      return { ok: false, error: { code: 'NOT_FOUND', message: 'No such thread.' } };
    }
    for (const event of missed.events)
      socket.emit(event.type, { threadId: event.threadId, seq: event.seq, ...event.payload });
    await this.broadcastPresence(socket, threadId);
    return { ok: true, lastSeq: missed.events.at(-1)?.seq ?? sinceSeq, complete: missed.complete };
  }

  @SubscribeMessage('thread:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() request: { threadId?: unknown }) {
    if (typeof request?.threadId !== 'string' || !socket.rooms.has(threadRoom(request.threadId)))
      return { ok: false };
    await socket.leave(threadRoom(request.threadId));
    await this.broadcastPresence(socket, request.threadId);
    return { ok: true };
  }

  @SubscribeMessage('thread:typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() request: { threadId?: unknown }) {
    if (typeof request?.threadId !== 'string' || !socket.rooms.has(threadRoom(request.threadId)))
      return { ok: false };
    const now = Date.now();
    if (now - (this.lastTyping.get(socket) ?? 0) < TYPING_INTERVAL_MS) return { ok: true };
    this.lastTyping.set(socket, now);
    const { auth } = socket.data as SocketData;
    socket.to(threadRoom(request.threadId)).emit('typing', {
      threadId: request.threadId,
      user: { id: auth.user.id, displayName: auth.user.displayName },
    });
    return { ok: true };
  }

  private async broadcastPresence(socket: Socket, threadId: string): Promise<void> {
    const sockets = await socket.nsp.in(threadRoom(threadId)).fetchSockets();
    const readers = new Set(sockets.map((peer) => (peer.data as SocketData).auth?.user.id)).size;
    socket.nsp.to(threadRoom(threadId)).emit('presence', { threadId, readers });
  }
}
