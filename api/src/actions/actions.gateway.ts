import { UseInterceptors, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { FollowUpAudience, FOLLOW_UPS_ROOM_PREFIX } from '../links/follow-up-audience.js';
import {
  RealtimeGateway,
  SOCKET_SERVER_OPTIONS,
  type SocketData,
} from '../realtime/realtime.gateway.js';
import { SocketWorkLimit } from '../realtime/socket-work-limit.interceptor.js';

/**
 * Live action items and decisions on the shared socket.io server: `actions:subscribe` puts the
 * socket in the rooms its user may read (team, each of their groups, admin); the services emit
 * `action.changed` / `decision.changed` to those rooms after each commit. Group membership is read
 * at subscribe time, and read again whenever the realtime gateway re-checks the socket (group
 * changes, role changes): rooms the user lost are left at once. A client subscribes again after
 * reconnecting.
 */
@WebSocketGateway(SOCKET_SERVER_OPTIONS)
@UseInterceptors(SocketWorkLimit)
export class ActionsGateway implements OnModuleInit {
  constructor(
    private readonly audience: FollowUpAudience,
    private readonly realtime: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    this.realtime.registerRoomCheck(FOLLOW_UPS_ROOM_PREFIX, async (auth, rooms) => {
      const allowed = new Set(await this.audience.roomsOf(auth));
      return rooms.filter((room) => !allowed.has(room));
    });
  }

  @SubscribeMessage('actions:subscribe')
  subscribe(@ConnectedSocket() socket: Socket): Promise<{ ok: boolean }> {
    return this.realtime.exclusive(socket, async () => {
      const rooms = socket.disconnected
        ? []
        : await this.audience.roomsOf((socket.data as SocketData).auth);
      if (!rooms.length) return { ok: false };
      await socket.join(rooms);
      return { ok: true };
    });
  }

  @SubscribeMessage('actions:unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket): Promise<{ ok: boolean }> {
    return this.realtime.exclusive(socket, async () => {
      // leave() is synchronous with the in-memory adapter and a promise with Redis's.
      for (const room of [...socket.rooms].filter((name) =>
        name.startsWith(FOLLOW_UPS_ROOM_PREFIX),
      ))
        await Promise.resolve(socket.leave(room));
      return { ok: true };
    });
  }
}
