import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleBriefingSql, visibleFollowUpSql } from '../access/visibility.js';
import { ThreadNotes, type ThreadNoteEvent } from '../discussions/thread-notes.js';
import { ActivityLog } from '../links/activity-log.js';
import { linkedToSql, splitTags } from '../links/follow-up-filters.js';
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

/** Overdue first, then by due date (undated last). */
const FOLLOW_UP_ORDER = `(a.due_on < current_date) DESC NULLS LAST, a.due_on ASC NULLS LAST, a.created_at, a.id`;

export interface FollowUpSource {
  id: string;
  title: string;
  publishedOn: string;
}

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
    private readonly notes: ThreadNotes,
  ) {}

  /** The action as lists show it, if the user may read it (without a user: for publishing after commit). */
  async find(
    id: string,
    userId?: string,
  ): Promise<(ActionDto & { ownerId: string | null }) | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, a.owner_id AS "ownerId" FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
        WHERE a.id = $1 AND ($2::uuid IS NULL OR ${visibleFollowUpSql('a', 'action', '$2')})`,
      [id, userId ?? null],
    );
    return rows[0];
  }

  async activeUserExists(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM app_user WHERE id = $1 AND active`, [
      userId,
    ]);
    return rows.length > 0;
  }

  /** A filtered, sorted page of the actions the user may read. */
  list(userId: string, query: ActionListQuery): Promise<ActionDto[]> {
    const params: unknown[] = [userId];
    const where: string[] = [visibleFollowUpSql('a', 'action', '$1')];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status)
      where.push(
        `a.status = ANY(${param(query.status.split(',').map((status) => status.trim()))}::text[])`,
      );
    if (query.ownerId) where.push(`a.owner_id = ${param(query.ownerId)}`);
    if (query.priority) where.push(`a.priority = ${param(query.priority)}`);
    if (query.overdue === 'true')
      where.push(`a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')`);
    if (query.overdue === 'false')
      where.push(`NOT (a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')) IS TRUE`);
    if (query.dueFrom) where.push(`a.due_on >= ${param(query.dueFrom)}::date`);
    if (query.dueTo) where.push(`a.due_on <= ${param(query.dueTo)}::date`);
    if (query.briefingId)
      where.push(
        `a.id IN (SELECT l.owner_id FROM follow_up_link l WHERE l.owner_type = 'action' AND l.briefing_id = ${param(query.briefingId)})`,
      );
    if (query.tag)
      where.push(`a.id IN (SELECT l.owner_id FROM follow_up_link l
          JOIN briefing_tag bt ON bt.briefing_id = l.briefing_id JOIN tag t ON t.id = bt.tag_id
         WHERE l.owner_type = 'action' AND t.name = ANY(${param(splitTags(query.tag))}::text[]))`);
    if (query.linkType && query.linkId)
      where.push(linkedToSql('a', 'action', query.linkType, param(query.linkId)));
    const limit = query.limit ?? 50;
    const limitParam = param(limit);
    const offsetParam = param(((query.page ?? 1) - 1) * limit);
    const order = ORDER[query.sort ?? 'due'];
    // The page's ids first, then the columns for those rows only: building JSON and text for every
    // matching row before the sort would cost more than the filter itself.
    return this.db.query(
      `SELECT ${COLUMNS} FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
        WHERE a.id IN (SELECT a.id FROM action_item a WHERE ${where.join(' AND ')}
                        ORDER BY ${order} LIMIT ${limitParam} OFFSET ${offsetParam})
        ORDER BY ${order}`,
      params,
    );
  }

  /**
   * Open actions tied to briefings published before this one that share a tag with it (the
   * follow-ups a briefing page shows), overdue first, then by due date; undefined when the
   * briefing does not exist or the user may not read it.
   */
  async followUps(
    userId: string,
    briefingId: string,
    limit: number,
  ): Promise<Array<ActionDto & { briefings: FollowUpSource[] }> | undefined> {
    const [briefing] = await this.db.query(
      `SELECT b.id FROM briefing b WHERE b.id = $1 AND ${visibleBriefingSql('b', '$2')}`,
      [briefingId, userId],
    );
    if (!briefing) return undefined;
    return this.db.query(
      `WITH earlier AS (
         SELECT DISTINCT e.id, e.title, e.published_on FROM briefing me
           JOIN briefing_tag mt ON mt.briefing_id = me.id
           JOIN briefing_tag et ON et.tag_id = mt.tag_id AND et.briefing_id <> me.id
           JOIN briefing e ON e.id = et.briefing_id AND e.published_on < me.published_on
          WHERE me.id = $1
       ), page AS (
         SELECT a.id FROM action_item a
          WHERE a.status NOT IN ('done', 'cancelled')
            AND a.id IN (SELECT l.owner_id FROM follow_up_link l JOIN earlier e ON e.id = l.briefing_id WHERE l.owner_type = 'action')
            AND ${visibleFollowUpSql('a', 'action', '$2')}
          ORDER BY ${FOLLOW_UP_ORDER} LIMIT $3
       )
       SELECT ${COLUMNS},
              (SELECT json_agg(json_build_object('id', e.id, 'title', e.title, 'publishedOn', to_char(e.published_on, 'YYYY-MM-DD')) ORDER BY e.published_on DESC)
                 FROM earlier e WHERE e.id IN (SELECT l.briefing_id FROM follow_up_link l WHERE l.owner_type = 'action' AND l.owner_id = a.id)) AS briefings
         FROM page JOIN action_item a ON a.id = page.id LEFT JOIN app_user o ON o.id = a.owner_id
        ORDER BY ${FOLLOW_UP_ORDER}`,
      [briefingId, userId, limit],
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
  /** Applies changes and records them; a status change also leaves a note in the action's threads (returned, to publish after commit). */
  async update(
    id: string,
    actor: { id: string; displayName: string },
    before: ActionDto & { ownerId: string | null },
    changes: ActionChanges,
    links: LinkDto[],
  ): Promise<ThreadNoteEvent[]> {
    const actorId = actor.id;
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
    return this.db.transaction(async (tx) => {
      await this.links.add(tx, 'action', id, links);
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
      if (!changes.status || !changed.includes('status')) return [];
      const title = changes.title ?? before.title;
      const at = new Date().toISOString();
      const threads = await this.links.threadsOf(tx, 'action', id);
      return this.notes.append(
        tx,
        threads.map((thread) => ({
          threadId: thread.threadId,
          payload: {
            kind: 'action.status' as const,
            actionId: id,
            title: thread.titleVisible ? title : null,
            from: before.status,
            to: changes.status as string,
            by: actor,
            at,
          },
        })),
      );
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
