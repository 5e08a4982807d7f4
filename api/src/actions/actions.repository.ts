import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { visibleBriefingSql, visibleFollowUpSql, type Reader } from '../access/visibility.js';
import { ThreadNotes, type ThreadNoteEvent } from '../discussions/thread-notes.js';
import { ActivityLog } from '../links/activity-log.js';
import { linkedToSql, splitTags } from '../links/follow-up-filters.js';
import { FollowUpLinks, type LinkDto } from '../links/follow-up-links.js';
import type { NotificationRow } from '../notifications/notifications.repository.js';
import type { Role } from '../users/user.entity.js';
import type { ActionDto, ActionListQuery, ActionStatus, Priority } from './actions.dto.js';

const COLUMNS = `a.id, a.title, a.description, a.status, a.priority, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
  (a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')) AS overdue,
  CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'displayName', o.display_name, 'handle', o.handle) END AS owner,
  COALESCE((SELECT json_agg(json_build_object('id', wu.id, 'displayName', wu.display_name, 'handle', wu.handle) ORDER BY wu.display_name, wu.id)
              FROM action_watcher aw JOIN app_user wu ON wu.id = aw.user_id WHERE aw.action_id = a.id), '[]') AS watchers,
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

/** A user an edit makes (or keeps) the owner or a watcher, and the request field that did it. */
export interface Assignee {
  userId: string;
  field: 'ownerId' | 'watcherIds' | 'links';
}

/** What an edit did: thread notes and notifications to publish after the commit. */
export interface ActionUpdateResult {
  notes: ThreadNoteEvent[];
  notifications: Array<{ userId: string; notification: NotificationRow }>;
}

/** Thrown inside a transaction to roll it back: these assignees could not read the action after it. */
export class UnreadableAssignees extends Error {
  constructor(readonly assignees: Assignee[]) {
    super('assignees who may not read the action');
  }
}

/** Changes that tell the owner and watchers (`action.changed` notifications). */
const NOTIFYING: ReadonlyArray<keyof ActionChanges> = ['status', 'ownerId', 'dueOn'];

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

  /** The action as lists show it, if the reader may read it (without one: for publishing after commit). */
  async find(
    id: string,
    reader?: Reader,
  ): Promise<(ActionDto & { ownerId: string | null }) | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, a.owner_id AS "ownerId" FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
        WHERE a.id = $1 AND ($2::uuid IS NULL OR ${visibleFollowUpSql('a', 'action', '$2', '$3')})`,
      [id, reader?.id ?? null, reader?.admin ?? false],
    );
    return rows[0];
  }

  /** Those of `userIds` who may read the action now. */
  async readersAmong(id: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id), action_item a
        WHERE a.id = $1 AND ${visibleFollowUpSql('a', 'action', 'u.id')}`,
      [id, userIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Those of `userIds` that are active users. */
  async activeUsers(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND active`,
      [userIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  async activeUserExists(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM app_user WHERE id = $1 AND active`, [
      userId,
    ]);
    return rows.length > 0;
  }

  /** A filtered, sorted page of the actions the reader may read. */
  list(reader: Reader, query: ActionListQuery): Promise<ActionDto[]> {
    const params: unknown[] = [reader.id, reader.admin];
    const where: string[] = [visibleFollowUpSql('a', 'action', '$1', '$2')];
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
   * briefing does not exist or the reader may not read it.
   */
  async followUps(
    reader: Reader,
    briefingId: string,
    limit: number,
  ): Promise<Array<ActionDto & { briefings: FollowUpSource[] }> | undefined> {
    const [briefing] = await this.db.query(
      `SELECT b.id FROM briefing b WHERE b.id = $1 AND ${visibleBriefingSql('b', '$2', '$3')}`,
      [briefingId, reader.id, reader.admin],
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
            AND ${visibleFollowUpSql('a', 'action', '$2', '$4')}
          ORDER BY ${FOLLOW_UP_ORDER} LIMIT $3
       )
       SELECT ${COLUMNS},
              (SELECT json_agg(json_build_object('id', e.id, 'title', e.title, 'publishedOn', to_char(e.published_on, 'YYYY-MM-DD')) ORDER BY e.published_on DESC)
                 FROM earlier e WHERE e.id IN (SELECT l.briefing_id FROM follow_up_link l WHERE l.owner_type = 'action' AND l.owner_id = a.id)) AS briefings
         FROM page JOIN action_item a ON a.id = page.id LEFT JOIN app_user o ON o.id = a.owner_id
        ORDER BY ${FOLLOW_UP_ORDER}`,
      [briefingId, reader.id, limit, reader.admin],
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
    watcherIds: string[];
    /** Each must be able to read the action once its links are stored, or nothing is created. */
    mustRead: Assignee[];
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
      const id = row.id as string;
      await this.links.add(tx, 'action', id, input.links);
      await this.addWatchers(tx, id, input.watcherIds);
      await this.requireReaders(tx, id, input.mustRead);
      await this.log.record(tx, 'action', id, input.createdBy, {
        created: true,
        ...(input.watcherIds.length
          ? { watchers: { from: [], to: sorted(input.watcherIds) } }
          : {}),
      });
      return id;
    });
  }

  /**
   * Applies changes and records them in the activity log, field by field (watchers as the set
   * before and after). In the same transaction: refuses (rolls back) when an assignee could not
   * read the action afterwards; a status change leaves a note in the action's threads; a change of
   * status, owner or due date notifies the owner (old and new) and the watchers other than the
   * actor who may read it. Returns the notes and notifications, to publish after commit.
   */
  async update(
    id: string,
    actor: { id: string; displayName: string },
    before: ActionDto & { ownerId: string | null },
    changes: ActionChanges,
    links: LinkDto[],
    watcherIds: string[] | undefined,
    mustRead: Assignee[],
  ): Promise<ActionUpdateResult> {
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
      const change: Record<string, unknown> = Object.fromEntries(
        changed.map((key) => [key, { from: previous[key], to: changes[key] }]),
      );
      if (watcherIds) {
        const watchers = await this.replaceWatchers(tx, id, watcherIds);
        if (watchers) change.watchers = watchers;
      }
      if (changed.length || change.watchers) {
        const sets = changed.map((key, index) => `${columns[key]} = $${index + 2}`);
        if (changes.status && changed.includes('status'))
          sets.push(
            `completed_at = CASE WHEN $${changed.length + 2} = 'done' THEN now() ELSE NULL END`,
          );
        const params = [id, ...changed.map((key) => changes[key])];
        if (changes.status && changed.includes('status')) params.push(changes.status);
        await tx.query(
          `UPDATE action_item SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
          params,
        );
        await this.log.record(tx, 'action', id, actorId, change);
      }
      await this.requireReaders(tx, id, mustRead);
      const notifications = changed.some((key) => NOTIFYING.includes(key))
        ? await this.notifyChanged(
            tx,
            id,
            actorId,
            changed.includes('ownerId') ? before.ownerId : null,
          )
        : [];
      if (!changes.status || !changed.includes('status')) return { notes: [], notifications };
      const title = changes.title ?? before.title;
      const at = new Date().toISOString();
      const threads = await this.links.threadsOf(tx, 'action', id);
      const notes = await this.notes.append(
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
      return { notes, notifications };
    });
  }

  /** A user starts or stops watching an action; false when nothing changed. */
  async setWatching(id: string, userId: string, watching: boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await this.watcherIds(tx, id);
      if (before.includes(userId) === watching) return false;
      if (watching) await this.addWatchers(tx, id, [userId]);
      else
        await tx.query(`DELETE FROM action_watcher WHERE action_id = $1 AND user_id = $2`, [
          id,
          userId,
        ]);
      const after = watching ? [...before, userId] : before.filter((w) => w !== userId);
      await tx.query(`UPDATE action_item SET updated_at = now() WHERE id = $1`, [id]);
      await this.log.record(tx, 'action', id, userId, {
        watchers: { from: sorted(before), to: sorted(after) },
      });
      return true;
    });
  }

  /** The action's watchers, locked against a concurrent change of the set. */
  private async watcherIds(tx: EntityManager, id: string): Promise<string[]> {
    await tx.query(`SELECT 1 FROM action_item WHERE id = $1 FOR UPDATE`, [id]);
    const rows: Array<{ user_id: string }> = await tx.query(
      `SELECT user_id FROM action_watcher WHERE action_id = $1`,
      [id],
    );
    return rows.map((row) => row.user_id);
  }

  private async addWatchers(tx: EntityManager, id: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    await tx.query(
      `INSERT INTO action_watcher (action_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, userIds],
    );
  }

  /** Makes the watchers exactly `userIds`; the sets before and after, or undefined if unchanged. */
  private async replaceWatchers(
    tx: EntityManager,
    id: string,
    userIds: string[],
  ): Promise<{ from: string[]; to: string[] } | undefined> {
    const before = sorted(await this.watcherIds(tx, id));
    const after = sorted([...new Set(userIds)]);
    if (before.join() === after.join()) return undefined;
    await tx.query(
      `DELETE FROM action_watcher WHERE action_id = $1 AND NOT (user_id = ANY($2::uuid[]))`,
      [id, after],
    );
    await this.addWatchers(tx, id, after);
    return { from: before, to: after };
  }

  /** Rolls the transaction back (UnreadableAssignees) if an assignee may not read the action now. */
  private async requireReaders(tx: EntityManager, id: string, assignees: Assignee[]) {
    if (!assignees.length) return;
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id), action_item a
        WHERE a.id = $1 AND NOT ${visibleFollowUpSql('a', 'action', 'u.id')}`,
      [id, [...new Set(assignees.map((assignee) => assignee.userId))]],
    );
    const unreadable = new Set(rows.map((row) => row.id));
    if (unreadable.size)
      throw new UnreadableAssignees(
        assignees.filter((assignee) => unreadable.has(assignee.userId)),
      );
  }

  /**
   * `action.changed` for the owner, a previous owner and the watchers, except the actor, inactive
   * users and whoever may not read the action; the rows as the notification list shows them.
   */
  private notifyChanged(
    tx: EntityManager,
    id: string,
    actorId: string,
    previousOwnerId: string | null,
  ): Promise<Array<{ userId: string; notification: NotificationRow }>> {
    return tx.query(
      `WITH recipients AS (
         SELECT a.owner_id AS user_id FROM action_item a WHERE a.id = $1
         UNION SELECT $3::uuid
         UNION SELECT w.user_id FROM action_watcher w WHERE w.action_id = $1
       ), notified AS (
         INSERT INTO notification (user_id, kind, action_id, actor_id)
         SELECT u.id, 'action.changed', a.id, $2 FROM recipients r
           JOIN app_user u ON u.id = r.user_id AND u.active AND u.id <> $2
           JOIN action_item a ON a.id = $1
          WHERE ${visibleFollowUpSql('a', 'action', 'u.id')}
         RETURNING id, user_id, created_at
       )
       SELECT n.user_id AS "userId", json_build_object(
                'id', n.id, 'kind', 'action.changed', 'thread', NULL, 'commentId', NULL,
                'actor', json_build_object('id', ac.id, 'displayName', ac.display_name, 'handle', ac.handle),
                'action', json_build_object('id', a.id, 'title', a.title, 'dueOn', to_char(a.due_on, 'YYYY-MM-DD'), 'status', a.status),
                'decision', NULL, 'savedSearch', NULL,
                'createdAt', to_json(n.created_at) #>> '{}', 'readAt', NULL) AS notification
         FROM notified n JOIN action_item a ON a.id = $1 JOIN app_user ac ON ac.id = $2
        ORDER BY n.user_id`,
      [id, actorId, previousOwnerId],
    );
  }

  activity(id: string) {
    return this.log.of('action', id);
  }

  /** `roleCeiling`: the ceiling of the API token that made the feed (null from a session). */
  async setCalendarToken(
    userId: string,
    tokenHash: string,
    roleCeiling: Role | null,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_feed (user_id, token_hash, role_ceiling) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, role_ceiling = excluded.role_ceiling, created_at = now()`,
      [userId, tokenHash, roleCeiling],
    );
  }

  async revokeCalendarToken(userId: string): Promise<boolean> {
    const [, affected] = await this.db.query(`DELETE FROM calendar_feed WHERE user_id = $1`, [
      userId,
    ]);
    return affected > 0;
  }

  /**
   * The active owner of a calendar token, if the token is current, reading as the lesser of their
   * role and the ceiling of the API token that made the feed.
   */
  async calendarOwner(tokenHash: string): Promise<Reader | undefined> {
    const rows: Reader[] = await this.db.query(
      `SELECT f.user_id AS id, (u.role = 'admin' AND COALESCE(f.role_ceiling, 'admin') = 'admin') AS admin
         FROM calendar_feed f JOIN app_user u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.active`,
      [tokenHash],
    );
    return rows[0];
  }
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}
