import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';

export interface AuditEventInsert {
  actorId: string | null;
  /** Kept as given; otherwise the actor's e-mail is read when the event is written. */
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilters {
  /** Prefix of the action name ('auth.' matches every sign-in event). */
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

export interface AuditRow {
  id: string;
  at: Date;
  /** UTC text with microseconds: the exact sort key, which a JS Date would round. */
  atKey: string;
  actorId: string | null;
  actorLabel: string | null;
  actorEmail: string | null;
  actorDisplayName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: unknown;
}

/** Escapes LIKE's wildcards so a filter is a plain prefix. */
function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The only door to the audit_event table. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(event: AuditEventInsert): Promise<void> {
    await this.db
      .insertInto('audit_event')
      .values({
        actor_id: event.actorId,
        // The e-mail as it is now, so the event still names the actor once the account is gone.
        actor_label:
          event.actorLabel ??
          (event.actorId
            ? sql<string | null>`(SELECT email FROM app_user WHERE id = ${event.actorId})`
            : null),
        action: event.action,
        target_type: event.targetType,
        target_id: event.targetId,
        ip: event.ip,
        details: JSON.stringify(event.details),
      })
      .execute();
  }

  /** Newest first; `after` is the (atKey, id) of the last row of the previous page. */
  async list(
    filters: AuditFilters,
    limit: number,
    after?: { key: string; id: string },
  ): Promise<AuditRow[]> {
    let query = this.db
      .selectFrom('audit_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_id')
      .select([
        'e.id',
        'e.at',
        sql<string>`to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('atKey'),
        'e.actor_id as actorId',
        'e.actor_label as actorLabel',
        'u.email as actorEmail',
        'u.display_name as actorDisplayName',
        'e.action',
        'e.target_type as targetType',
        'e.target_id as targetId',
        sql<string | null>`host(e.ip)`.as('ip'),
        'e.details',
      ]);
    if (filters.action) {
      query = query.where(sql<boolean>`e.action LIKE ${likePrefix(filters.action)}`);
    }
    if (filters.actorId) query = query.where('e.actor_id', '=', filters.actorId);
    if (filters.targetType) query = query.where('e.target_type', '=', filters.targetType);
    if (filters.targetId) query = query.where('e.target_id', '=', filters.targetId);
    if (filters.from) query = query.where('e.at', '>=', filters.from);
    if (filters.to) query = query.where('e.at', '<', filters.to);
    if (after) {
      query = query.where(
        sql<boolean>`(e.at, e.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
      );
    }
    return query.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
  }
}
