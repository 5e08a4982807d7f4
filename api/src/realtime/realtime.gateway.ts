import { Inject, Logger } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { fastifyCookie } from '@fastify/cookie';
import type { Server, Socket } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SESSION_COOKIE, type AuthContext } from '../auth/auth-context.js';
import { AuthService } from '../auth/auth.service.js';
import { isAppOrigin } from '../auth/app-origin.js';

export interface SocketData {
  auth: AuthContext;
}

export const userRoom = (userId: string) => `user:${userId}`;
export const threadRoom = (threadId: string) => `thread:${threadId}`;

/**
 * The socket.io endpoint at /socket.io. The handshake is authenticated like REST (session cookie,
 * or a token in `auth.token` / the Authorization header) and cookie handshakes must come from
 * this app's origin. Each socket joins its user's room; features publish through this class.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: Server;

  constructor(
    private readonly authService: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        (auth) => {
          if (!auth)
            return next(
              Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }),
            );
          (socket.data as SocketData).auth = auth;
          next();
        },
        (error: unknown) => next(error as Error),
      );
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { auth } = socket.data as SocketData;
    await socket.join(userRoom(auth.user.id));
    this.logger.debug(`socket ${socket.id} connected for user ${auth.user.id}`);
  }

  /** Sends an event to everyone reading a thread (across processes with the Redis adapter). */
  toThread(threadId: string, type: string, payload: unknown): void {
    this.server?.to(threadRoom(threadId)).emit(type, payload);
  }

  toUser(userId: string, type: string, payload: unknown): void {
    this.server?.to(userRoom(userId)).emit(type, payload);
  }

  private async authenticate(socket: Socket): Promise<AuthContext | undefined> {
    const { headers } = socket.handshake;
    const given = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const bearer =
      typeof given === 'string' ? given : headers.authorization?.replace(/^Bearer\s+/i, '');
    if (bearer) return this.authService.authenticate(bearer, 'bearer');
    const cookie = headers.cookie ? fastifyCookie.parse(headers.cookie)[SESSION_COOKIE] : undefined;
    if (!cookie) return undefined;
    // The handshake does not say which scheme the browser used behind a proxy: either matches.
    if (!isAppOrigin(headers.origin, this.config.publicUrl, headers.host, ['http', 'https']))
      return undefined;
    return this.authService.authenticate(cookie, 'cookie');
  }
}
