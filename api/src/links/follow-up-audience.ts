import { Injectable, Logger } from '@nestjs/common';
import type { FollowUpKind } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { BroadcastOperator } from 'socket.io';
import { RealtimeGateway, userRoom, type SocketData } from '../realtime/realtime.gateway.js';
import type {
  ActionChangedEvent,
  DecisionChangedEvent,
  DecisionStancesEvent,
  ServerToClientEvents,
} from '../realtime/socket-events.js';
import { FollowUpAudienceRepository } from './follow-up-audience.repository.js';

export const FOLLOW_UPS_ROOM_PREFIX = 'follow-ups:';
/** Every subscriber reads actions and decisions tied to team briefings only. */
export const FOLLOW_UPS_TEAM_ROOM = 'follow-ups:team';
/** Admins read everything. */
export const FOLLOW_UPS_ADMIN_ROOM = 'follow-ups:admin';
export const followUpsGroupRoom = (groupId: string) => `follow-ups:group:${groupId}`;

/**
 * Who hears about a change to an action or decision, as socket.io rooms rather than a check per
 * socket: a subscriber joins the team room, one room per group they belong to, and the admin room
 * if they are an admin. A change tied only to team briefings goes to the team room; one tied to
 * restricted briefings that all share one set of groups goes to those groups' rooms and the admin
 * room (exactly the readers). The rare rest (briefings restricted to different groups: readers are
 * an intersection, which rooms cannot express) goes to the user rooms of the readers, found with
 * the same SQL rule as REST.
 */
@Injectable()
export class FollowUpAudience {
  private readonly logger = new Logger(FollowUpAudience.name);
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly repository: FollowUpAudienceRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** The rooms a subscriber joins, from their groups and effective role (a token's ceiling applied). */
  async roomsOf(auth: AuthContext): Promise<string[]> {
    const groups = await this.repository.groupsOf(auth.user.id);
    if (!groups) return [];
    return [
      FOLLOW_UPS_TEAM_ROOM,
      ...groups.map(followUpsGroupRoom),
      ...(auth.role === 'admin' ? [FOLLOW_UPS_ADMIN_ROOM] : []),
    ];
  }

  /** Sends an event about one action or decision to exactly the sockets that may read it. */
  async publish(kind: FollowUpKind, id: string, change: FollowUpChange): Promise<void> {
    const server = this.realtime.server;
    if (!server) return;
    const restricted = await this.repository.restrictedGroupSets(kind, id);
    if (restricted.length === 0) return emit(server.to(FOLLOW_UPS_TEAM_ROOM), change);
    const groupSets = new Set(restricted.map((row) => row.groups.join(',')));
    if (groupSets.size === 1) {
      return emit(
        server.to([FOLLOW_UPS_ADMIN_ROOM, ...restricted[0].groups.map(followUpsGroupRoom)]),
        change,
      );
    }
    const readers = await this.repository.readers(kind, id);
    if (readers.length) emit(server.to(readers.map((reader) => userRoom(reader.id))), change);
  }

  /**
   * After a commit: loads the subject's current row and publishes it. Announcements about one
   * subject run one after another in this process, so its events leave in commit order (across
   * processes, clients keep the row with the newest `updatedAt`). Never fails the request.
   */
  announce(kind: FollowUpKind, id: string, load: () => Promise<FollowUpChange | undefined>): void {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const change = await load();
        if (change !== undefined) await this.publish(kind, id, change);
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, `${kind}.changed for ${id} was not published`),
      )
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }
}

/** What a follow-up room hears: the action or decision as it now is. */
export type FollowUpChange =
  | { type: 'action.changed'; payload: ActionChangedEvent }
  | { type: 'decision.changed'; payload: DecisionChangedEvent }
  | { type: 'decision.stances'; payload: DecisionStancesEvent };

function emit(target: BroadcastOperator<ServerToClientEvents, SocketData>, change: FollowUpChange) {
  switch (change.type) {
    case 'action.changed':
      target.emit(change.type, change.payload);
      return;
    case 'decision.changed':
      target.emit(change.type, change.payload);
      return;
    case 'decision.stances':
      target.emit(change.type, change.payload);
      return;
  }
}
