import { UseInterceptors, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import {
  RealtimeGateway,
  SOCKET_SERVER_OPTIONS,
  threadRoom,
  type BriefroomSocket,
  type SocketData,
} from '../realtime/realtime.gateway.js';
import type { JoinAck } from '../realtime/socket-events.js';
import { SocketWorkLimit } from '../realtime/socket-work-limit.interceptor.js';
import { DiscussionsService } from './discussions.service.js';
import { emitThreadEvent } from './thread-event-emit.js';

interface JoinRequest {
  threadId?: unknown;
  sinceSeq?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPING_INTERVAL_MS = 2_000;
const PRESENCE_DELAY_MS = 250;
const THREAD_ROOM_PREFIX = threadRoom('');
const NOT_FOUND = { ok: false, error: { code: 'NOT_FOUND', message: 'No such thread.' } } as const;

/**
 * Thread rooms on the shared socket.io server: a join replays every event after the client's
 * last seq from PostgreSQL, then the client receives live events; presence and typing ride along.
 * Access is checked before the socket joins (never join-then-leave), and re-checked through the
 * realtime gateway whenever the reader's access may have changed.
 */
@WebSocketGateway(SOCKET_SERVER_OPTIONS)
@UseInterceptors(SocketWorkLimit)
export class DiscussionsGateway implements OnModuleInit {
  private readonly lastTyping = new WeakMap<Socket, number>();
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly service: DiscussionsService,
    private readonly realtime: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    this.realtime.registerRoomCheck(THREAD_ROOM_PREFIX, async (auth, rooms) => {
      const lost: string[] = [];
      for (const room of rooms)
        if (!(await this.service.canRead(auth, room.slice(THREAD_ROOM_PREFIX.length))))
          lost.push(room);
      return lost;
    });
  }

  @SubscribeMessage('thread:join')
  async join(
    @ConnectedSocket() socket: BriefroomSocket,
    @MessageBody() request: JoinRequest,
  ): Promise<JoinAck> {
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
    // Inside the socket's queue, so no revocation can fall between the access check and the join.
    const joined = await this.realtime.exclusive(socket, async () =>
      socket.disconnected
        ? undefined
        : this.service.catchUp(socket.data.auth, threadId, sinceSeq, () =>
            Promise.resolve(socket.join(threadRoom(threadId))),
          ),
    );
    if (!joined) return NOT_FOUND;
    for (const event of joined.events) emitThreadEvent(socket, event);
    this.schedulePresence(threadId);
    return { ok: true, lastSeq: joined.events.at(-1)?.seq ?? sinceSeq, complete: joined.complete };
  }

  @SubscribeMessage('thread:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() request: { threadId?: unknown }) {
    if (typeof request?.threadId !== 'string' || !socket.rooms.has(threadRoom(request.threadId)))
      return { ok: false };
    await socket.leave(threadRoom(request.threadId));
    this.schedulePresence(request.threadId);
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

  /**
   * Counting a room's readers asks every process, so a burst of joins (a replica's readers all
   * reconnecting at once) is answered with one count per thread, shortly after, not one each.
   */
  private schedulePresence(threadId: string): void {
    if (this.presenceTimers.has(threadId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(threadId);
      void this.broadcastPresence(threadId).catch(() => undefined);
    }, PRESENCE_DELAY_MS);
    timer.unref();
    this.presenceTimers.set(threadId, timer);
  }

  private async broadcastPresence(threadId: string): Promise<void> {
    const room = this.realtime.server.in(threadRoom(threadId));
    const sockets = await room.fetchSockets();
    const readers = new Set(sockets.map((peer) => peer.data.auth?.user.id)).size;
    this.realtime.server.to(threadRoom(threadId)).emit('presence', { threadId, readers });
  }
}
