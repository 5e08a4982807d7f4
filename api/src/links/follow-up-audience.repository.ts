import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleFollowUp, type FollowUpKind } from '../access/visibility.js';
import { Database } from '../database/database.js';

/** What FollowUpAudience needs to pick the rooms of a change: groups and, rarely, readers one by one. */
@Injectable()
export class FollowUpAudienceRepository {
  constructor(private readonly db: Database) {}

  /** The groups of an active user; undefined when there is no such active user. */
  async groupsOf(userId: string): Promise<string[] | undefined> {
    const { rows } = await sql<{ groups: string[] }>`
      SELECT COALESCE((SELECT array_agg(gm.group_id) FROM user_group_member gm WHERE gm.user_id = u.id), '{}') AS groups
        FROM app_user u WHERE u.id = ${userId} AND u.active`.execute(this.db);
    return rows[0]?.groups;
  }

  /** For each restricted briefing the action or decision is tied to: the groups it is shared with. */
  async restrictedGroupSets(kind: FollowUpKind, id: string): Promise<Array<{ groups: string[] }>> {
    const { rows } = await sql<{ groups: string[] }>`
      SELECT COALESCE(array_agg(bg.group_id ORDER BY bg.group_id) FILTER (WHERE bg.group_id IS NOT NULL), '{}') AS groups
        FROM briefing b LEFT JOIN briefing_group bg ON bg.briefing_id = b.id
       WHERE b.visibility <> 'team'
         AND b.id IN (SELECT l.briefing_id FROM follow_up_link l WHERE l.owner_type = ${kind} AND l.owner_id = ${id}
                      UNION SELECT t.briefing_id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE ${kind} = 'decision' AND d.id = ${id})
       GROUP BY b.id`.execute(this.db);
    return rows;
  }

  /** Every active user who may read the action or decision (by their account's role). */
  async readers(kind: FollowUpKind, id: string): Promise<Array<{ id: string }>> {
    const { rows } = await sql<{ id: string }>`
      SELECT u.id FROM app_user u, ${sql.table(kind === 'action' ? 'action_item' : 'decision')} s
       WHERE s.id = ${id} AND u.active AND ${visibleFollowUp('s', kind, sql.ref('u.id'))}`.execute(
      this.db,
    );
    return rows;
  }
}
