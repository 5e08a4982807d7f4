import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type ActivitySubject = 'action' | 'decision';

export interface ActivityEntry {
  actor: { id: string; displayName: string } | null;
  change: Record<string, unknown>;
  at: string;
}

/** Who changed what, when, on action items and decisions: written in the change's transaction. */
@Injectable()
export class ActivityLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    tx: EntityManager,
    subject: ActivitySubject,
    id: string,
    actorId: string,
    change: Record<string, unknown>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO activity (subject_type, subject_id, actor_id, change) VALUES ($1, $2, $3, $4)`,
      [subject, id, actorId, JSON.stringify(change)],
    );
  }

  of(subject: ActivitySubject, id: string): Promise<ActivityEntry[]> {
    return this.db.query(
      `SELECT CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS actor,
              a.change, to_json(a.created_at) #>> '{}' AS at
         FROM activity a LEFT JOIN app_user u ON u.id = a.actor_id
        WHERE a.subject_type = $1 AND a.subject_id = $2 ORDER BY a.id`,
      [subject, id],
    );
  }
}
