import { Injectable, Logger } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleFollowUp, type FollowUpKind } from '../access/visibility.js';
import { Database } from '../database/database.js';
import type { AuthContext } from '../auth/auth-context.js';
import { RealtimeGateway, userRoom } from '../realtime/realtime.gateway.js';

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
    private readonly db: Database,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** The rooms a subscriber joins, from their groups and effective role (a token's ceiling applied). */
  async roomsOf(auth: AuthContext): Promise<string[]> {
    const {
      rows: [row],
    } = await sql<{ groups: string[] }>`
      SELECT COALESCE((SELECT array_agg(gm.group_id) FROM user_group_member gm WHERE gm.user_id = u.id), '{}') AS groups
        FROM app_user u WHERE u.id = ${auth.user.id} AND u.active`.execute(this.db);
    if (!row) return [];
    return [
      FOLLOW_UPS_TEAM_ROOM,
      ...row.groups.map(followUpsGroupRoom),
      ...(auth.role === 'admin' ? [FOLLOW_UPS_ADMIN_ROOM] : []),
    ];
  }

  /** Sends an event about one action or decision to exactly the sockets that may read it. */
  async publish(kind: FollowUpKind, id: string, type: string, payload: unknown): Promise<void> {
    const server = this.realtime.server;
    if (!server) return;
    const { rows: restricted } = await sql<{ groups: string[] }>`
      SELECT COALESCE(array_agg(bg.group_id ORDER BY bg.group_id) FILTER (WHERE bg.group_id IS NOT NULL), '{}') AS groups
        FROM briefing b LEFT JOIN briefing_group bg ON bg.briefing_id = b.id
       WHERE b.visibility <> 'team'
         AND b.id IN (SELECT l.briefing_id FROM follow_up_link l WHERE l.owner_type = ${kind} AND l.owner_id = ${id}
                      UNION SELECT t.briefing_id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE ${kind} = 'decision' AND d.id = ${id})
       GROUP BY b.id`.execute(this.db);
    if (restricted.length === 0) {
      server.to(FOLLOW_UPS_TEAM_ROOM).emit(type, payload);
      return;
    }
    const groupSets = new Set(restricted.map((row) => row.groups.join(',')));
    if (groupSets.size === 1) {
      server
        .to([FOLLOW_UPS_ADMIN_ROOM, ...restricted[0]!.groups.map(followUpsGroupRoom)])
        .emit(type, payload);
      return;
    }
    const { rows: readers } = await sql<{ id: string }>`
      SELECT u.id FROM app_user u, ${sql.table(kind === 'action' ? 'action_item' : 'decision')} s
       WHERE s.id = ${id} AND u.active AND ${visibleFollowUp('s', kind, sql.ref('u.id'))}`.execute(
      this.db,
    );
    if (readers.length) server.to(readers.map((reader) => userRoom(reader.id))).emit(type, payload);
  }

  /**
   * After a commit: loads the subject's current row and publishes it. Announcements about one
   * subject run one after another in this process, so its events leave in commit order (across
   * processes, clients keep the row with the newest `updatedAt`). Never fails the request.
   */
  announce(
    kind: FollowUpKind,
    id: string,
    type: string,
    load: () => Promise<unknown | undefined>,
  ): void {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const payload = await load();
        if (payload !== undefined) await this.publish(kind, id, type, payload);
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, `${type} for ${id} was not published`),
      )
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }
}
