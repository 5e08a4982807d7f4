import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { visibleBriefing, visibleFollowUp, type Reader } from '../access/visibility.js';
import { Database, type DB } from '../database/database.js';
import { recordDomainEvents } from '../domain-events/domain-events.js';
import { ThreadNotes, type ThreadNoteEvent } from '../discussions/thread-notes.js';
import { ActivityLog } from '../links/activity-log.repository.js';
import { linkedTo, splitTags } from '../links/follow-up-filters.js';
import type { LinkDto } from '../links/follow-up-links.js';
import { FollowUpLinks } from '../links/follow-up-links.repository.js';
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

/** An action as lists show it, with its owner's id. */
type ActionRow = ActionDto & { ownerId: string | null };

@Injectable()
export class ActionsRepository {
  constructor(
    private readonly db: Database,
    private readonly links: FollowUpLinks,
    private readonly log: ActivityLog,
    private readonly notes: ThreadNotes,
  ) {}

  /** The action as lists show it, if the reader may read it (without one: for publishing after commit). */
  async find(id: string, reader?: Reader): Promise<ActionRow | undefined> {
    const visible = reader ? visibleFollowUp('a', 'action', reader.id, reader.admin) : sql`true`;
    const { rows } = await sql<ActionRow>`
      SELECT ${sql.raw(COLUMNS)}, a.owner_id AS "ownerId" FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
       WHERE a.id = ${id} AND ${visible}`.execute(this.db);
    return rows[0];
  }

  /** Those of `userIds` who may read the action now. */
  async readersAmong(id: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const { rows } = await sql<{ id: string }>`
      SELECT u.id FROM unnest(${userIds}::uuid[]) AS u(id), action_item a
       WHERE a.id = ${id} AND ${visibleFollowUp('a', 'action', sql.ref('u.id'))}`.execute(this.db);
    return new Set(rows.map((row) => row.id));
  }

  /** Those of `userIds` that are active users. */
  async activeUsers(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', sql<string>`ANY(${userIds}::uuid[])`)
      .where('active', '=', true)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async activeUserExists(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', userId)
      .where('active', '=', true)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A filtered, sorted page of the actions the reader may read. */
  async list(reader: Reader, query: ActionListQuery): Promise<ActionDto[]> {
    const where: Array<RawBuilder<unknown>> = [
      visibleFollowUp('a', 'action', reader.id, reader.admin),
    ];
    if (query.status)
      where.push(
        sql`a.status = ANY(${query.status.split(',').map((status) => status.trim())}::text[])`,
      );
    if (query.ownerId) where.push(sql`a.owner_id = ${query.ownerId}::uuid`);
    if (query.priority) where.push(sql`a.priority = ${query.priority}`);
    if (query.overdue === 'true')
      where.push(sql`a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')`);
    if (query.overdue === 'false')
      where.push(
        sql`NOT (a.due_on < current_date AND a.status NOT IN ('done', 'cancelled')) IS TRUE`,
      );
    if (query.dueFrom) where.push(sql`a.due_on >= ${query.dueFrom}::date`);
    if (query.dueTo) where.push(sql`a.due_on <= ${query.dueTo}::date`);
    if (query.briefingId)
      where.push(
        sql`a.id IN (SELECT l.owner_id FROM follow_up_link l WHERE l.owner_type = 'action' AND l.briefing_id = ${query.briefingId}::uuid)`,
      );
    if (query.tag)
      where.push(sql`a.id IN (SELECT l.owner_id FROM follow_up_link l
          JOIN briefing_tag bt ON bt.briefing_id = l.briefing_id JOIN tag t ON t.id = bt.tag_id
         WHERE l.owner_type = 'action' AND t.name = ANY(${splitTags(query.tag)}::text[]))`);
    if (query.linkType && query.linkId)
      where.push(linkedTo('a', 'action', query.linkType, query.linkId));
    const limit = query.limit ?? 50;
    const offset = ((query.page ?? 1) - 1) * limit;
    const order = sql.raw(ORDER[query.sort ?? 'due']);
    // The page's ids first, then the columns for those rows only: building JSON and text for every
    // matching row before the sort would cost more than the filter itself.
    const { rows } = await sql<ActionDto>`
      SELECT ${sql.raw(COLUMNS)} FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
       WHERE a.id IN (SELECT a.id FROM action_item a WHERE ${sql.join(where, sql` AND `)}
                       ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
       ORDER BY ${order}`.execute(this.db);
    return rows;
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
    const briefing = await this.db
      .selectFrom('briefing as b')
      .select('b.id')
      .where('b.id', '=', briefingId)
      .where(visibleBriefing('b', reader.id, reader.admin))
      .executeTakeFirst();
    if (!briefing) return undefined;
    const order = sql.raw(FOLLOW_UP_ORDER);
    const { rows } = await sql<ActionDto & { briefings: FollowUpSource[] }>`
      WITH earlier AS (
        SELECT DISTINCT e.id, e.title, e.published_on FROM briefing me
          JOIN briefing_tag mt ON mt.briefing_id = me.id
          JOIN briefing_tag et ON et.tag_id = mt.tag_id AND et.briefing_id <> me.id
          JOIN briefing e ON e.id = et.briefing_id AND e.published_on < me.published_on
         WHERE me.id = ${briefingId}
      ), page AS (
        SELECT a.id FROM action_item a
         WHERE a.status NOT IN ('done', 'cancelled')
           AND a.id IN (SELECT l.owner_id FROM follow_up_link l JOIN earlier e ON e.id = l.briefing_id WHERE l.owner_type = 'action')
           AND ${visibleFollowUp('a', 'action', reader.id, reader.admin)}
         ORDER BY ${order} LIMIT ${limit}
      )
      SELECT ${sql.raw(COLUMNS)},
             (SELECT json_agg(json_build_object('id', e.id, 'title', e.title, 'publishedOn', to_char(e.published_on, 'YYYY-MM-DD')) ORDER BY e.published_on DESC)
                FROM earlier e WHERE e.id IN (SELECT l.briefing_id FROM follow_up_link l WHERE l.owner_type = 'action' AND l.owner_id = a.id)) AS briefings
        FROM page JOIN action_item a ON a.id = page.id LEFT JOIN app_user o ON o.id = a.owner_id
       ORDER BY ${order}`.execute(this.db);
    return rows;
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
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('action_item')
        .values({
          title: input.title,
          description: input.description,
          owner_id: input.ownerId,
          due_on: input.dueOn,
          priority: input.priority,
          created_by: input.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.links.add(trx, 'action', id, input.links);
      await this.addWatchers(trx, id, input.watcherIds);
      await this.requireReaders(trx, id, input.mustRead);
      if (input.ownerId)
        await recordDomainEvents(trx, [
          {
            type: 'action.assigned',
            actionId: id,
            ownerId: input.ownerId,
            actorId: input.createdBy,
          },
        ]);
      await this.log.record(trx, 'action', id, input.createdBy, {
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
    before: ActionRow,
    changes: ActionChanges,
    links: LinkDto[],
    watcherIds: string[] | undefined,
    mustRead: Assignee[],
  ): Promise<ActionUpdateResult> {
    const actorId = actor.id;
    const columns = {
      title: 'title',
      description: 'description',
      ownerId: 'owner_id',
      dueOn: 'due_on',
      priority: 'priority',
      status: 'status',
    } as const;
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
    return this.db.transaction().execute(async (trx) => {
      await this.links.add(trx, 'action', id, links);
      const change: Record<string, unknown> = Object.fromEntries(
        changed.map((key) => [key, { from: previous[key], to: changes[key] }]),
      );
      if (watcherIds) {
        const watchers = await this.replaceWatchers(trx, id, watcherIds);
        if (watchers) change.watchers = watchers;
      }
      if (changed.length || change.watchers) {
        const statusChanged = changes.status !== undefined && changed.includes('status');
        await trx
          .updateTable('action_item')
          .set({
            ...Object.fromEntries(changed.map((key) => [columns[key], changes[key]])),
            ...(statusChanged
              ? { completed_at: changes.status === 'done' ? sql<Date>`now()` : null }
              : {}),
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute();
        await this.log.record(trx, 'action', id, actorId, change);
      }
      await this.requireReaders(trx, id, mustRead);
      if (changes.ownerId && changed.includes('ownerId'))
        await recordDomainEvents(trx, [
          { type: 'action.assigned', actionId: id, ownerId: changes.ownerId, actorId },
        ]);
      const notifications = changed.some((key) => NOTIFYING.includes(key))
        ? await this.notifyChanged(
            trx,
            id,
            actorId,
            changed.includes('ownerId') ? before.ownerId : null,
          )
        : [];
      if (!changes.status || !changed.includes('status')) return { notes: [], notifications };
      const title = changes.title ?? before.title;
      const at = new Date().toISOString();
      const threads = await this.links.threadsOf(trx, 'action', id);
      const notes = await this.notes.append(
        trx,
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
    return this.db.transaction().execute(async (trx) => {
      const before = await this.watcherIds(trx, id);
      if (before.includes(userId) === watching) return false;
      if (watching) await this.addWatchers(trx, id, [userId]);
      else
        await trx
          .deleteFrom('action_watcher')
          .where('action_id', '=', id)
          .where('user_id', '=', userId)
          .execute();
      const after = watching ? [...before, userId] : before.filter((w) => w !== userId);
      await trx
        .updateTable('action_item')
        .set({ updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      await this.log.record(trx, 'action', id, userId, {
        watchers: { from: sorted(before), to: sorted(after) },
      });
      return true;
    });
  }

  /** The action's watchers, locked against a concurrent change of the set. */
  private async watcherIds(trx: Kysely<DB>, id: string): Promise<string[]> {
    await trx.selectFrom('action_item').select('id').where('id', '=', id).forUpdate().execute();
    const rows = await trx
      .selectFrom('action_watcher')
      .select('user_id')
      .where('action_id', '=', id)
      .execute();
    return rows.map((row) => row.user_id);
  }

  private async addWatchers(trx: Kysely<DB>, id: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    await trx
      .insertInto('action_watcher')
      .values(userIds.map((userId) => ({ action_id: id, user_id: userId })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  /** Makes the watchers exactly `userIds`; the sets before and after, or undefined if unchanged. */
  private async replaceWatchers(
    trx: Kysely<DB>,
    id: string,
    userIds: string[],
  ): Promise<{ from: string[]; to: string[] } | undefined> {
    const before = sorted(await this.watcherIds(trx, id));
    const after = sorted([...new Set(userIds)]);
    if (before.join() === after.join()) return undefined;
    await trx
      .deleteFrom('action_watcher')
      .where('action_id', '=', id)
      .where(sql<boolean>`NOT (user_id = ANY(${after}::uuid[]))`)
      .execute();
    await this.addWatchers(trx, id, after);
    return { from: before, to: after };
  }

  /** Rolls the transaction back (UnreadableAssignees) if an assignee may not read the action now. */
  private async requireReaders(trx: Kysely<DB>, id: string, assignees: Assignee[]) {
    if (!assignees.length) return;
    const userIds = [...new Set(assignees.map((assignee) => assignee.userId))];
    const { rows } = await sql<{ id: string }>`
      SELECT u.id FROM unnest(${userIds}::uuid[]) AS u(id), action_item a
       WHERE a.id = ${id} AND NOT ${visibleFollowUp('a', 'action', sql.ref('u.id'))}`.execute(trx);
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
  private async notifyChanged(
    trx: Kysely<DB>,
    id: string,
    actorId: string,
    previousOwnerId: string | null,
  ): Promise<Array<{ userId: string; notification: NotificationRow }>> {
    const { rows } = await sql<{ userId: string; notification: NotificationRow }>`
      WITH recipients AS (
        SELECT a.owner_id AS user_id FROM action_item a WHERE a.id = ${id}
        UNION SELECT ${previousOwnerId}::uuid
        UNION SELECT w.user_id FROM action_watcher w WHERE w.action_id = ${id}
      ), notified AS (
        INSERT INTO notification (user_id, kind, action_id, actor_id)
        SELECT u.id, 'action.changed', a.id, ${actorId}::uuid FROM recipients r
          JOIN app_user u ON u.id = r.user_id AND u.active AND u.id <> ${actorId}::uuid
          JOIN action_item a ON a.id = ${id}
         WHERE ${visibleFollowUp('a', 'action', sql.ref('u.id'))}
        RETURNING id, user_id, created_at
      )
      SELECT n.user_id AS "userId", json_build_object(
               'id', n.id, 'kind', 'action.changed', 'thread', NULL, 'commentId', NULL,
               'actor', json_build_object('id', ac.id, 'displayName', ac.display_name, 'handle', ac.handle),
               'action', json_build_object('id', a.id, 'title', a.title, 'dueOn', to_char(a.due_on, 'YYYY-MM-DD'), 'status', a.status),
               'decision', NULL, 'savedSearch', NULL,
               'createdAt', to_json(n.created_at) #>> '{}', 'readAt', NULL) AS notification
        FROM notified n JOIN action_item a ON a.id = ${id} JOIN app_user ac ON ac.id = ${actorId}::uuid
       ORDER BY n.user_id`.execute(trx);
    return rows;
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
    await this.db
      .insertInto('calendar_feed')
      .values({ user_id: userId, token_hash: tokenHash, role_ceiling: roleCeiling })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({
          token_hash: (eb) => eb.ref('excluded.token_hash'),
          role_ceiling: (eb) => eb.ref('excluded.role_ceiling'),
          created_at: sql`now()`,
        }),
      )
      .execute();
  }

  async revokeCalendarToken(userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('calendar_feed')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * The active owner of a calendar token, if the token is current, reading as the lesser of their
   * role and the ceiling of the API token that made the feed.
   */
  calendarOwner(tokenHash: string): Promise<Reader | undefined> {
    return this.db
      .selectFrom('calendar_feed as f')
      .innerJoin('app_user as u', 'u.id', 'f.user_id')
      .select([
        'f.user_id as id',
        sql<boolean>`u.role = 'admin' AND COALESCE(f.role_ceiling, 'admin') = 'admin'`.as('admin'),
      ])
      .where('f.token_hash', '=', tokenHash)
      .where('u.active', '=', true)
      .executeTakeFirst();
  }
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}
