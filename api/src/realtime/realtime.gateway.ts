import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { fastifyCookie } from '@fastify/cookie';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SESSION_COOKIE, type AuthContext } from '../auth/auth-context.js';
import { AuthService } from '../auth/auth.service.js';
import { isAppOrigin } from '../auth/app-origin.js';
import { SocketLimiter } from './socket-limits.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import type {
  ClientToServerEvents,
  ServerEventName,
  ServerToClientEvents,
} from './socket-events.js';

export interface SocketData {
  auth: AuthContext;
}

/** The one socket.io server, typed by the event map the web app shares. */
export type BriefroomServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;
export type BriefroomSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;

export const userRoom = (userId: string) => `user:${userId}`;
export const threadRoom = (threadId: string) => `thread:${threadId}`;

/**
 * Decides, for rooms of one kind (by name prefix) that a socket is in, which it may no longer be
 * in. Features register one for each kind of room they let clients join.
 */
export type RoomCheck = (auth: AuthContext, rooms: string[]) => Promise<string[]>;

/** Options of the one socket.io server every gateway shares (client events are tiny). */
export const SOCKET_SERVER_OPTIONS = {
  path: '/socket.io',
  serveClient: false,
  cors: false,
  maxHttpBufferSize: 16 * 1024,
};
/** setTimeout's ceiling; a later expiry is re-checked when this fires. */
const MAX_TIMER_MS = 2_147_483_647;

export const RATE_LIMITED = {
  ok: false,
  error: { code: 'RATE_LIMITED', message: 'Too many events: slow down.' },
} as const;

interface Credential {
  secret: string;
  via: AuthContext['via'];
}

/**
 * The socket.io endpoint at /socket.io. The handshake is authenticated like REST (session cookie,
 * or a token in `auth.token` / the Authorization header) and cookie handshakes must come from
 * this app's origin. Each socket joins its user's room; features publish through this class.
 *
 * Live rooms obey REST's rules at every moment: a feature joins a socket to a room only inside
 * `exclusive` after its access check, and every revocation (logout, password change, deactivation,
 * group or briefing changes; from any process, through PostgreSQL NOTIFY) re-authenticates the
 * affected sockets in the same per-socket queue, cutting them or taking them out of rooms.
 * Every client event passes rate limits first; abusers are disconnected.
 */
@WebSocketGateway(SOCKET_SERVER_OPTIONS)
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger(RealtimeGateway.name);
  readonly limiter = new SocketLimiter();
  /** Kept in this process only: socket.data travels between replicas through the adapter. */
  private readonly credentials = new WeakMap<Socket, Credential>();
  private readonly queues = new WeakMap<Socket, Promise<unknown>>();
  private readonly expiryTimers = new WeakMap<Socket, NodeJS.Timeout>();
  private readonly roomChecks = new Map<string, RoomCheck>();
  private readonly stopListening: () => void;

  @WebSocketServer()
  server: BriefroomServer;

  constructor(
    private readonly authService: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.stopListening = authService.onRevoked((key) => void this.applyRevocation(key));
  }

  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        (found) => {
          if (!found)
            return next(
              Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }),
            );
          (socket.data as SocketData).auth = found.auth;
          this.credentials.set(socket, found.credential);
          next();
        },
        (error: unknown) => next(error as Error),
      );
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { auth } = socket.data as SocketData;
    this.metrics.socketConnections.inc();
    this.limiter.connect(socket.id, auth.user.id);
    socket.use((packet, next) => {
      const verdict = this.limiter.admit(socket.id);
      if (verdict === 'ok') return next();
      const ack: unknown = packet.at(-1);
      if (typeof ack === 'function') (ack as (answer: unknown) => void)(RATE_LIMITED);
      if (verdict === 'abusive') this.disconnectAbuser(socket);
    });
    this.scheduleExpiry(socket, auth);
    // The user's room carries what the user may read; an admin's token with a lower ceiling may not read it all.
    if (auth.user.role !== 'admin' || auth.role === 'admin')
      await socket.join(userRoom(auth.user.id));
    this.logger.debug(`socket ${socket.id} connected for user ${auth.user.id}`);
  }

  handleDisconnect(socket: Socket): void {
    this.metrics.socketConnections.dec();
    this.limiter.disconnect(socket.id);
    clearTimeout(this.expiryTimers.get(socket));
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  /** Sends an event to everyone reading a thread (across processes with the Redis adapter). */
  toThread<E extends ServerEventName>(
    threadId: string,
    type: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server?.to(threadRoom(threadId)).emit(type, ...payload);
  }

  toUser<E extends ServerEventName>(
    userId: string,
    type: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server?.to(userRoom(userId)).emit(type, ...payload);
  }

  /** Features declare how to re-check the rooms they let clients join (by room name prefix). */
  registerRoomCheck(prefix: string, check: RoomCheck): void {
    this.roomChecks.set(prefix, check);
  }

  /**
   * Runs `work` after every earlier piece of work of this socket (joins, re-checks) has finished,
   * so an access check and the join it allows are never split by a revocation.
   */
  exclusive<T>(socket: Socket, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(socket) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(socket, settled);
    void settled.then(() => {
      if (this.queues.get(socket) === settled) this.queues.delete(socket);
    });
    return next;
  }

  /** Applies one revocation key to this process's sockets. */
  async applyRevocation(key: string): Promise<void> {
    const sockets = this.server ? [...this.server.of('/').sockets.values()] : [];
    if (sockets.length === 0) return;
    const [kind, id] = key.split(':', 2);
    const affected = sockets.filter((socket) => {
      const auth = socket.data.auth;
      if (!auth) return false;
      if (kind === 'credential') return auth.sessionId === id || auth.tokenId === id;
      if (kind === 'user') return auth.user.id === id;
      // A briefing changed readers: anyone in a room that could be under it checks again.
      if (kind === 'briefing')
        return [...socket.rooms].some((room) => this.checkedPrefix(room) !== undefined);
      return kind === 'all';
    });
    await Promise.all(
      affected.map((socket) =>
        this.recheck(socket).catch((error: unknown) => {
          this.logger.warn({ err: error }, `socket ${socket.id} could not be re-checked: cut`);
          this.cut(socket, 'UNAVAILABLE', 'Access could not be checked: reconnect.');
        }),
      ),
    );
  }

  /** Authenticates the socket's credential again, then keeps it only in rooms it may still read. */
  private recheck(socket: Socket): Promise<void> {
    return this.exclusive(socket, async () => {
      if (socket.disconnected) return;
      const credential = this.credentials.get(socket);
      const auth = credential
        ? await this.authService.authenticate(credential.secret, credential.via)
        : undefined;
      if (!auth) {
        this.cut(socket, 'SESSION_ENDED', 'Your session has ended: sign in again.');
        return;
      }
      (socket.data as SocketData).auth = auth;
      this.scheduleExpiry(socket, auth);
      const byPrefix = new Map<string, string[]>();
      for (const room of socket.rooms) {
        const prefix = this.checkedPrefix(room);
        if (prefix) byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), room]);
      }
      for (const [prefix, rooms] of byPrefix) {
        for (const room of await this.roomChecks.get(prefix)!(auth, rooms)) {
          await socket.leave(room);
          socket.emit('access:revoked', { room });
        }
      }
    });
  }

  private checkedPrefix(room: string): string | undefined {
    for (const prefix of this.roomChecks.keys()) if (room.startsWith(prefix)) return prefix;
    return undefined;
  }

  disconnectAbuser(socket: Socket): void {
    this.logger.warn(
      `socket ${socket.id} of user ${(socket.data as SocketData).auth?.user.id} cut for flooding`,
    );
    this.cut(socket, 'RATE_LIMITED', 'Too many events: disconnected.');
  }

  /** Tells the client why, then disconnects it (it may reconnect and authenticate anew). */
  private cut(socket: Socket, code: string, message: string): void {
    if (socket.disconnected) return;
    socket.emit('session:ended', { code, message });
    socket.disconnect(true);
  }

  /** A socket does not outlive its credential: it is re-checked when the credential expires. */
  private scheduleExpiry(socket: Socket, auth: AuthContext): void {
    clearTimeout(this.expiryTimers.get(socket));
    if (!auth.expiresAt) return;
    const delay = Math.min(Math.max(0, auth.expiresAt.getTime() - Date.now()) + 50, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      void this.recheck(socket).catch(() => this.cut(socket, 'SESSION_ENDED', 'Sign in again.'));
    }, delay);
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  private async authenticate(
    socket: Socket,
  ): Promise<{ auth: AuthContext; credential: Credential } | undefined> {
    const { headers } = socket.handshake;
    const given = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const bearer =
      typeof given === 'string' ? given : headers.authorization?.replace(/^Bearer\s+/i, '');
    const credential: Credential | undefined = bearer
      ? { secret: bearer, via: 'bearer' }
      : this.cookieCredential(socket);
    if (!credential) return undefined;
    const auth = await this.authService.authenticate(credential.secret, credential.via);
    return auth ? { auth, credential } : undefined;
  }

  private cookieCredential(socket: Socket): Credential | undefined {
    const { headers } = socket.handshake;
    const cookie = headers.cookie ? fastifyCookie.parse(headers.cookie)[SESSION_COOKIE] : undefined;
    if (!cookie) return undefined;
    // The handshake does not say which scheme the browser used behind a proxy: either matches.
    if (!isAppOrigin(headers.origin, this.config.publicUrl, headers.host, ['http', 'https']))
      return undefined;
    return { secret: cookie, via: 'cookie' };
  }
}
