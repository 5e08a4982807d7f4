import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleBriefingSql } from '../access/visibility.js';

export interface NotificationRow {
  id: string;
  kind: 'mention' | 'reply' | 'activity';
  thread: { id: string; title: string };
  commentId: string | null;
  actor: { id: string; displayName: string; handle: string } | null;
  createdAt: string;
  readAt: string | null;
}

/** Beyond this many, the badge says 99+: counting further costs time and tells nobody anything. */
export const UNREAD_CAP = 100;

const COLUMNS = `n.id, n.kind, json_build_object('id', t.id, 'title', t.title) AS thread, n.comment_id AS "commentId",
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'displayName', a.display_name, 'handle', split_part(a.email, '@', 1)) END AS actor,
  to_json(n.created_at) #>> '{}' AS "createdAt", to_json(n.read_at) #>> '{}' AS "readAt"`;

/** Notifications are filtered by the thread's visibility when read, so losing access hides them at once. */
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
      `SELECT ${COLUMNS} FROM notification n JOIN thread t ON t.id = n.thread_id JOIN briefing b ON b.id = t.briefing_id
         LEFT JOIN app_user a ON a.id = n.actor_id
        WHERE n.user_id = $1 ${unreadOnly ? 'AND n.read_at IS NULL' : ''} AND ${visibleBriefingSql('b', '$1')} ${cursor}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
  }

  /** Unread counts, capped at UNREAD_CAP so the cost stays flat however many pile up (shown as "99+"). */
  async unreadCounts(userIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ userId: string; count: number }> = await this.db.query(
      `SELECT u.id AS "userId",
              (SELECT count(*)::int FROM (
                 SELECT 1 FROM notification n JOIN thread t ON t.id = n.thread_id JOIN briefing b ON b.id = t.briefing_id
                  WHERE n.user_id = u.id AND n.read_at IS NULL AND ${visibleBriefingSql('b', 'u.id')}
                  LIMIT ${UNREAD_CAP}) capped) AS count
         FROM unnest($1::uuid[]) AS u(id)`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.userId, row.count]));
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
