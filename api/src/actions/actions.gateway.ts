import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { FollowUpAudience } from '../links/follow-up-audience.js';
import type { SocketData } from '../realtime/realtime.gateway.js';

/**
 * Live action items and decisions on the shared socket.io server: `actions:subscribe` puts the
 * socket in the rooms its user may read (team, each of their groups, admin); the services emit
 * `action.changed` / `decision.changed` to those rooms after each commit. Group membership is read
 * at subscribe time: a client subscribes again after reconnecting.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class ActionsGateway {
  constructor(private readonly audience: FollowUpAudience) {}

  @SubscribeMessage('actions:subscribe')
  async subscribe(@ConnectedSocket() socket: Socket): Promise<{ ok: boolean }> {
    const { auth } = socket.data as SocketData;
    const rooms = await this.audience.roomsOf(auth.user.id);
    if (!rooms.length) return { ok: false };
    await socket.join(rooms);
    return { ok: true };
  }

  @SubscribeMessage('actions:unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: Socket): Promise<{ ok: boolean }> {
    await Promise.all(
      [...socket.rooms]
        .filter((room) => room.startsWith('follow-ups:'))
        .map((room) => socket.leave(room)),
    );
    return { ok: true };
  }
}
