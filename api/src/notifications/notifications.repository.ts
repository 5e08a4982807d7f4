import { Injectable } from '@nestjs/common';
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { QueryResultRow } from 'pg';
import {
  visibleBriefing,
  visibleBriefingSql,
  visibleFollowUp,
  visibleFollowUpSql,
  type Reader,
} from '../access/visibility.js';
import { Database } from '../database/database.js';
import { preparedQuery } from '../database/prepared-query.js';
import { excerptOf } from '../webhooks/webhook-event-facts.js';
import type { NotificationKind } from './notification.entity.js';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  /** Null for reminders about an action or a decision. */
  thread: { id: string; title: string } | null;
  /** Reminders (`action.due_soon`, `action.overdue`): the action. */
  action?: { id: string; title: string; dueOn: string | null; status: string } | null;
  /** Reminders (`decision.review_due`): the decision. */
  decision?: { id: string; title: string; reviewBy: string | null } | null;
  /** Saved-search alerts: the search and how many new results it found. */
  savedSearch?: {
    id: string;
    name: string;
    query: string;
    filters: Record<string, string>;
    newHits: number;
  } | null;
  commentId: string | null;
  /** What the comment said, shortened (the e-mail shows the same); null when not about a comment. */
  excerpt?: string | null;
  actor: { id: string; displayName: string; handle: string } | null;
  createdAt: string;
  readAt: string | null;
}

/** Beyond this many, the badge says 99+: counting further costs time and tells nobody anything. */
export const UNREAD_CAP = 100;

const COLUMNS = `n.id, n.kind, CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('id', t.id, 'title', t.short_title) END AS thread, n.comment_id AS "commentId",
  CASE WHEN ac.id IS NULL THEN NULL ELSE json_build_object('id', ac.id, 'title', ac.title, 'dueOn', to_char(ac.due_on, 'YYYY-MM-DD'), 'status', ac.status) END AS action,
  CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('id', dc.id, 'title', dc.title, 'reviewBy', to_char(dc.review_by, 'YYYY-MM-DD')) END AS decision,
  CASE WHEN ss.id IS NULL THEN NULL ELSE json_build_object('id', ss.id, 'name', ss.name, 'query', ss.query, 'filters', ss.filters, 'newHits', ss.last_new_hits) END AS "savedSearch",
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'displayName', a.display_name, 'handle', a.handle) END AS actor,
  to_json(n.created_at) #>> '{}' AS "createdAt", to_json(n.read_at) #>> '{}' AS "readAt",
  (SELECT left(nc.body, 2000) FROM comment nc WHERE nc.id = n.comment_id) AS excerpt`;

/** What a notification is about: a thread, or, for reminders, an action or a decision; or a saved search. */
const SUBJECTS = `notification n
  LEFT JOIN thread t ON t.id = n.thread_id
  LEFT JOIN action_item ac ON ac.id = n.action_id LEFT JOIN decision dc ON dc.id = n.decision_id
  LEFT JOIN saved_search ss ON ss.id = n.saved_search_id`;

/** A notification about a comment disappears once the comment is deleted. */
const LIVE_COMMENT = `(n.comment_id IS NULL OR NOT EXISTS (SELECT 1 FROM comment lc WHERE lc.id = n.comment_id AND lc.deleted_at IS NOT NULL))`;

/**
 * Whether the reader may read notification `n`'s subject, probed for that row alone: a walk down
 * the user's notifications, newest first, stops at the page's last row instead of joining and
 * checking all of them. `OFFSET 0` keeps each probe an index lookup per row; without it PostgreSQL
 * may hash every readable thread or action first (it plans for all the user's rows, not a page).
 * `admin`: see visibleBriefingSql (without it, the account's role decides).
 */
const visibleSubjectSql = (user: string, admin?: string) => `(CASE
    WHEN n.thread_id IS NOT NULL THEN EXISTS (SELECT 1 FROM thread st JOIN briefing sb ON sb.id = st.briefing_id
                                               WHERE st.id = n.thread_id AND ${visibleBriefingSql('sb', user, admin)} OFFSET 0)
                                      AND ${LIVE_COMMENT}
    WHEN n.action_id IS NOT NULL THEN EXISTS (SELECT 1 FROM action_item sa
                                               WHERE sa.id = n.action_id AND ${visibleFollowUpSql('sa', 'action', user, admin)} OFFSET 0)
    WHEN n.saved_search_id IS NOT NULL THEN EXISTS (SELECT 1 FROM saved_search ss
                                                     WHERE ss.id = n.saved_search_id AND ss.user_id = n.user_id OFFSET 0)
    ELSE EXISTS (SELECT 1 FROM decision sd
                  WHERE sd.id = n.decision_id AND ${visibleFollowUpSql('sd', 'decision', user, admin)} OFFSET 0) END)`;

/** visibleSubjectSql as a Kysely expression, for the statements that are not prepared by name. */
const visibleSubject = (
  user: string | Expression<string>,
  admin?: boolean | Expression<boolean>,
): RawBuilder<boolean> => sql<boolean>`(CASE
    WHEN n.thread_id IS NOT NULL THEN EXISTS (SELECT 1 FROM thread st JOIN briefing sb ON sb.id = st.briefing_id
                                               WHERE st.id = n.thread_id AND ${visibleBriefing('sb', user, admin)} OFFSET 0)
                                      AND ${sql.raw(LIVE_COMMENT)}
    WHEN n.action_id IS NOT NULL THEN EXISTS (SELECT 1 FROM action_item sa
                                               WHERE sa.id = n.action_id AND ${visibleFollowUp('sa', 'action', user, admin)} OFFSET 0)
    WHEN n.saved_search_id IS NOT NULL THEN EXISTS (SELECT 1 FROM saved_search ss
                                                     WHERE ss.id = n.saved_search_id AND ss.user_id = n.user_id OFFSET 0)
    ELSE EXISTS (SELECT 1 FROM decision sd
                  WHERE sd.id = n.decision_id AND ${visibleFollowUp('sd', 'decision', user, admin)} OFFSET 0) END)`;

/** A user's unread notifications the reader may read, counted up to UNREAD_CAP. */
const UNREAD_COUNT = (user: string, admin?: string) => `(SELECT count(*)::int FROM (
    SELECT 1 FROM notification n WHERE n.user_id = ${user} AND n.read_at IS NULL AND ${visibleSubjectSql(user, admin)}
     LIMIT ${UNREAD_CAP}) capped)`;

/** Notifications are filtered by their subject's visibility when read, so losing access hides them at once. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  /**
   * A page of the reader's notifications, newest first: the page's ids, then the columns for those
   * rows only. A bare user id reads as that user in person (a push to their own sockets). The page
   * size is written into the statement: with it known, PostgreSQL keeps one generic plan per
   * connection instead of planning the visibility rule's subqueries on every request.
   */
  async list(
    reader: Reader | string,
    unreadOnly: boolean,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<NotificationRow[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`page size ${limit}`);
    const who = typeof reader === 'string' ? await this.inPerson(reader) : reader;
    if (!who) return [];
    const rows = await this.prepared<NotificationRow>(
      `notifications-page-${limit}${unreadOnly ? '-unread' : ''}${after ? '-after' : ''}`,
      `SELECT ${COLUMNS} FROM ${SUBJECTS}
         LEFT JOIN app_user a ON a.id = n.actor_id
        WHERE n.id IN (SELECT n.id FROM notification n
                        WHERE n.user_id = $1 ${unreadOnly ? 'AND n.read_at IS NULL' : ''}
                          ${after ? 'AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)' : ''}
                          AND ${visibleSubjectSql('$1', '$2')}
                        ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit})
        ORDER BY n.created_at DESC, n.id DESC`,
      after ? [who.id, who.admin, after.createdAt, after.id] : [who.id, who.admin],
    );
    return rows.map((row) => ({ ...row, excerpt: row.excerpt ? excerptOf(row.excerpt) : null }));
  }

  /** The excerpts of comments, by id (pushed notifications carry what the list shows). */
  async excerpts(commentIds: string[]): Promise<Map<string, string>> {
    if (!commentIds.length) return new Map();
    const rows = await this.db
      .selectFrom('comment')
      .select(['id', 'body'])
      .where('id', 'in', commentIds)
      .execute();
    return new Map(rows.map((row) => [row.id, excerptOf(row.body)]));
  }

  /** The reader's unread count, capped at UNREAD_CAP (see unreadCounts). */
  async unreadCount(reader: Reader): Promise<number> {
    const [row] = await this.prepared<{ count: number }>(
      'notifications-unread-count',
      `SELECT ${UNREAD_COUNT('$1::uuid', '$2')} AS count`,
      [reader.id, reader.admin],
    );
    return row?.count ?? 0;
  }

  /**
   * Unread counts of users in person (pushed to their sockets), capped at UNREAD_CAP so the cost
   * stays flat however many pile up (shown as "99+").
   */
  async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    const user = sql.ref<string>('u.id');
    const { rows } = await sql<{ userId: string; count: number }>`
      SELECT u.id AS "userId",
             (SELECT count(*)::int FROM (
                SELECT 1 FROM notification n WHERE n.user_id = u.id AND n.read_at IS NULL AND ${visibleSubject(user)}
                 LIMIT ${sql.lit(UNREAD_CAP)}) capped) AS count
        FROM unnest(${userIds}::uuid[]) AS u(id)`.execute(this.db);
    return new Map(rows.map((row) => [row.userId, row.count]));
  }

  /**
   * Marks read a user's notifications about the comments of one thread up to a read position (the
   * thread page was opened that far); later comments stay unread. Answers how many changed.
   */
  async markThreadRead(userId: string, threadId: string, seq: number): Promise<number> {
    const result = await this.db
      .updateTable('notification as n')
      .set({ read_at: sql`now()` })
      .where('n.user_id', '=', userId)
      .where('n.thread_id', '=', threadId)
      .where('n.read_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('n.comment_id', 'is', null),
          eb.exists(
            eb
              .selectFrom('comment as c')
              .select('c.id')
              .whereRef('c.id', '=', 'n.comment_id')
              .where('c.seq', '<=', String(seq)),
          ),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Marks read the reader's notifications (all, or those of `ids`) that the reader may read. */
  async markRead(reader: Reader, ids: string[] | 'all'): Promise<void> {
    await this.db
      .updateTable('notification as n')
      .set({ read_at: sql`now()` })
      .where('n.user_id', '=', reader.id)
      .where('n.read_at', 'is', null)
      .$if(ids !== 'all', (query) => query.where('n.id', '=', sql<string>`ANY(${ids}::uuid[])`))
      .where(visibleSubject(reader.id, reader.admin))
      .execute();
  }

  /** A user as they read in person, by their account's role. */
  private inPerson(userId: string): Promise<Reader | undefined> {
    return this.db
      .selectFrom('app_user')
      .select(['id', sql<boolean>`role = 'admin'`.as('admin')])
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  /**
   * The bell's reads run as named prepared statements on the pg pool: planning the visibility
   * rule's subqueries costs more than running them, on every request.
   */
  private prepared<Row extends QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<Row[]> {
    return preparedQuery<Row>(this.db.pool, name, text, values);
  }
}
