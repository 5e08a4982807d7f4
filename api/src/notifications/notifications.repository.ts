import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleBriefingSql, visibleFollowUpSql } from '../access/visibility.js';
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
  actor: { id: string; displayName: string; handle: string } | null;
  createdAt: string;
  readAt: string | null;
}

/** Beyond this many, the badge says 99+: counting further costs time and tells nobody anything. */
export const UNREAD_CAP = 100;

const COLUMNS = `n.id, n.kind, CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('id', t.id, 'title', t.title) END AS thread, n.comment_id AS "commentId",
  CASE WHEN ac.id IS NULL THEN NULL ELSE json_build_object('id', ac.id, 'title', ac.title, 'dueOn', to_char(ac.due_on, 'YYYY-MM-DD'), 'status', ac.status) END AS action,
  CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('id', dc.id, 'title', dc.title, 'reviewBy', to_char(dc.review_by, 'YYYY-MM-DD')) END AS decision,
  CASE WHEN ss.id IS NULL THEN NULL ELSE json_build_object('id', ss.id, 'name', ss.name, 'query', ss.query, 'filters', ss.filters, 'newHits', ss.last_new_hits) END AS "savedSearch",
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'displayName', a.display_name, 'handle', split_part(a.email, '@', 1)) END AS actor,
  to_json(n.created_at) #>> '{}' AS "createdAt", to_json(n.read_at) #>> '{}' AS "readAt"`;

/** What a notification is about: a thread (and its briefing), or, for reminders, an action or a decision. */
const SUBJECTS = `notification n
  LEFT JOIN thread t ON t.id = n.thread_id LEFT JOIN briefing b ON b.id = t.briefing_id
  LEFT JOIN action_item ac ON ac.id = n.action_id LEFT JOIN decision dc ON dc.id = n.decision_id
  LEFT JOIN saved_search ss ON ss.id = n.saved_search_id`;

const visibleSubjectSql = (user: string) => `(CASE
    WHEN n.thread_id IS NOT NULL THEN ${visibleBriefingSql('b', user)}
    WHEN n.action_id IS NOT NULL THEN ${visibleFollowUpSql('ac', 'action', user)}
    WHEN n.saved_search_id IS NOT NULL THEN ss.user_id = n.user_id
    ELSE ${visibleFollowUpSql('dc', 'decision', user)} END)`;

/** Notifications are filtered by their subject's visibility when read, so losing access hides them at once. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(
    userId: string,
    unreadOnly: boolean,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<NotificationRow[]> {
    const params: unknown[] = [userId, limit];
    let cursor = '';
    if (after) {
      params.push(after.createdAt, after.id);
      cursor = `AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)`;
    }
    return this.db.query(
      `SELECT ${COLUMNS} FROM ${SUBJECTS}
         LEFT JOIN app_user a ON a.id = n.actor_id
        WHERE n.user_id = $1 ${unreadOnly ? 'AND n.read_at IS NULL' : ''} AND ${visibleSubjectSql('$1')} ${cursor}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
  }

  /** Unread counts, capped at UNREAD_CAP so the cost stays flat however many pile up (shown as "99+"). */
  async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ userId: string; count: number }> = await this.db.query(
      `SELECT u.id AS "userId",
              (SELECT count(*)::int FROM (
                 SELECT 1 FROM ${SUBJECTS}
                  WHERE n.user_id = u.id AND n.read_at IS NULL AND ${visibleSubjectSql('u.id')}
                  LIMIT ${UNREAD_CAP}) capped) AS count
         FROM unnest($1::uuid[]) AS u(id)`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.userId, row.count]));
  }

  /**
   * Marks read a user's notifications about the comments of one thread up to a read position (the
   * thread page was opened that far); later comments stay unread. Answers how many changed.
   */
  async markThreadRead(userId: string, threadId: string, seq: number): Promise<number> {
    const [, changed] = (await this.db.query(
      `UPDATE notification n SET read_at = now()
        WHERE n.user_id = $1 AND n.thread_id = $2 AND n.read_at IS NULL
          AND (n.comment_id IS NULL OR EXISTS (SELECT 1 FROM comment c WHERE c.id = n.comment_id AND c.seq <= $3))`,
      [userId, threadId, seq],
    )) as [unknown, number];
    return changed;
  }

  async markRead(userId: string, ids: string[] | 'all'): Promise<void> {
    if (ids === 'all')
      await this.db.query(
        `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
        [userId],
      );
    else
      await this.db.query(
        `UPDATE notification SET read_at = now() WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL`,
        [userId, ids],
      );
  }
}
