import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { Database, type DB } from '../database/database.js';

export type ActivitySubject = 'action' | 'decision';

export interface ActivityEntry {
  actor: { id: string; displayName: string } | null;
  change: Record<string, unknown>;
  at: string;
}

/** Who changed what, when, on action items and decisions: written in the change's transaction. */
@Injectable()
export class ActivityLog {
  constructor(private readonly db: Database) {}

  async record(
    trx: Kysely<DB>,
    subject: ActivitySubject,
    id: string,
    actorId: string,
    change: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('activity')
      .values({
        subject_type: subject,
        subject_id: id,
        actor_id: actorId,
        change: JSON.stringify(change),
      })
      .execute();
  }

  async of(subject: ActivitySubject, id: string): Promise<ActivityEntry[]> {
    const { rows } = await sql<ActivityEntry>`
      SELECT CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS actor,
             a.change, to_json(a.created_at) #>> '{}' AS at
        FROM activity a LEFT JOIN app_user u ON u.id = a.actor_id
       WHERE a.subject_type = ${subject} AND a.subject_id = ${id} ORDER BY a.id`.execute(this.db);
    return rows;
  }
}
