import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks, type LinkDto } from '../links/follow-up-links.js';
import type { ActionDto, ActionListQuery, ActionStatus, Priority } from './actions.dto.js';

const COLUMNS = `a.id, a.title, a.description, a.status, a.priority, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
  (a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')) AS overdue,
  CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'displayName', o.display_name, 'handle', split_part(o.email, '@', 1)) END AS owner,
  a.created_by AS "createdBy", to_json(a.created_at) #>> '{}' AS "createdAt", to_json(a.updated_at) #>> '{}' AS "updatedAt",
  to_json(a.completed_at) #>> '{}' AS "completedAt"`;

const ORDER: Record<NonNullable<ActionListQuery['sort']>, string> = {
  due: 'a.due_on ASC NULLS LAST, a.id',
  created: 'a.created_at DESC, a.id',
  updated: 'a.updated_at DESC, a.id',
  priority: `array_position(ARRAY['urgent','high','medium','low'], a.priority), a.due_on ASC NULLS LAST, a.id`,
};

export interface ActionChanges {
  title?: string;
  description?: string;
  ownerId?: string | null;
  dueOn?: string | null;
  priority?: Priority;
  status?: ActionStatus;
}

@Injectable()
export class ActionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: FollowUpLinks,
    private readonly log: ActivityLog,
  ) {}

  async find(id: string): Promise<(ActionDto & { ownerId: string | null }) | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, a.owner_id AS "ownerId" FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id WHERE a.id = $1`,
      [id],
    );
    return rows[0];
  }

  async activeUserExists(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM app_user WHERE id = $1 AND active`, [
      userId,
    ]);
    return rows.length > 0;
  }

  list(query: ActionListQuery): Promise<ActionDto[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status)
      add(
        'a.status = ANY(?::text[])',
        query.status.split(',').map((status) => status.trim()),
      );
    if (query.ownerId) add('a.owner_id = ?', query.ownerId);
    if (query.priority) add('a.priority = ?', query.priority);
    if (query.overdue === 'true')
      where.push(`a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')`);
    if (query.dueFrom) add('a.due_on >= ?::date', query.dueFrom);
    if (query.dueTo) add('a.due_on <= ?::date', query.dueTo);
    if (query.briefingId) {
      add(
        `EXISTS (SELECT 1 FROM follow_up_link l WHERE l.owner_type = 'action' AND l.owner_id = a.id AND (
           (l.target_type = 'briefing' AND l.target_id = ?)
           OR (l.target_type = 'item' AND l.target_id IN (SELECT id FROM item WHERE briefing_id = $${params.length + 1}))
           OR (l.target_type = 'discussion' AND l.target_id IN (SELECT id FROM thread WHERE briefing_id = $${params.length + 1}))))`,
        query.briefingId,
      );
    }
    const limit = query.limit ?? 50;
    params.push(limit, ((query.page ?? 1) - 1) * limit);
    return this.db.query(
      `SELECT ${COLUMNS} FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${ORDER[query.sort ?? 'due']} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async create(input: {
    title: string;
    description: string;
    ownerId: string | null;
    dueOn: string | null;
    priority: Priority;
    createdBy: string;
    links: LinkDto[];
  }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO action_item (title, description, owner_id, due_on, priority, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          input.title,
          input.description,
          input.ownerId,
          input.dueOn,
          input.priority,
          input.createdBy,
        ],
      );
      await this.links.add(tx, 'action', row.id, input.links);
      await this.log.record(tx, 'action', row.id, input.createdBy, { created: true });
      return row.id as string;
    });
  }

  /** Applies changes and records them, field by field, in the activity log. */
  async update(
    id: string,
    actorId: string,
    before: ActionDto & { ownerId: string | null },
    changes: ActionChanges,
    links: LinkDto[],
  ): Promise<void> {
    const columns: Record<keyof ActionChanges, string> = {
      title: 'title',
      description: 'description',
      ownerId: 'owner_id',
      dueOn: 'due_on',
      priority: 'priority',
      status: 'status',
    };
    const previous: Record<keyof ActionChanges, unknown> = {
      title: before.title,
      description: before.description,
      ownerId: before.ownerId,
      dueOn: before.dueOn,
      priority: before.priority,
      status: before.status,
    };
    const changed = (Object.keys(changes) as Array<keyof ActionChanges>).filter(
      (key) => changes[key] !== undefined && changes[key] !== previous[key],
    );
    await this.db.transaction(async (tx) => {
      if (changed.length) {
        const sets = changed.map((key, index) => `${columns[key]} = $${index + 2}`);
        if (changes.status)
          sets.push(
            `completed_at = CASE WHEN $${changed.length + 2} = 'done' THEN now() ELSE NULL END`,
          );
        const params = [id, ...changed.map((key) => changes[key])];
        if (changes.status) params.push(changes.status);
        await tx.query(
          `UPDATE action_item SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
          params,
        );
        const change = Object.fromEntries(
          changed.map((key) => [key, { from: previous[key], to: changes[key] }]),
        );
        await this.log.record(tx, 'action', id, actorId, change);
      }
      await this.links.add(tx, 'action', id, links);
    });
  }

  activity(id: string) {
    return this.log.of('action', id);
  }

  async setCalendarToken(userId: string, tokenHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_feed (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async revokeCalendarToken(userId: string): Promise<boolean> {
    const [, affected] = await this.db.query(`DELETE FROM calendar_feed WHERE user_id = $1`, [
      userId,
    ]);
    return affected > 0;
  }

  /** The active owner of a calendar token, if the token is current. */
  async calendarOwner(tokenHash: string): Promise<string | undefined> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT f.user_id FROM calendar_feed f JOIN app_user u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.active`,
      [tokenHash],
    );
    return rows[0]?.user_id;
  }
}
