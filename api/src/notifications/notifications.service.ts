import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { readerOf } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import { decodeCursor, encodeCursor, isTimestamp } from '../common/cursor.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import type { NewNotification } from '../discussions/discussions.repository.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

/**
 * Unread counts are read at most this often, once for everyone notified since the last read: a
 * quiet process pushes at once, a busy one every quarter second (the count was most of the
 * database's work per post at a 50 ms window with 19 followers per thread).
 */
const COUNT_INTERVAL_MS = 250;

@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly pending: Array<{ userId: string; notification: NotificationRow }> = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = 0;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** Pushes still waiting are dropped on shutdown: clients catch up on their next page load. */
  onModuleDestroy(): void {
    clearTimeout(this.flushTimer);
  }

  async list(auth: AuthContext, unreadOnly: boolean, cursor: string | undefined, limit = 30) {
    const decoded = decodeCursor(cursor, isTimestamp);
    const after = decoded && { createdAt: decoded.key, id: decoded.id };
    const reader = readerOf(auth);
    const rows = await this.notifications.list(reader, unreadOnly, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      notifications: page,
      unreadCount: await this.notifications.unreadCount(reader),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  /** The bell's number alone, capped at UNREAD_CAP like every unread count. */
  async unreadCount(auth: AuthContext): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(readerOf(auth)) };
  }

  /**
   * Marks read what the caller may read; the user's sockets (which read in person) hear their own
   * count, the caller gets theirs (lower when an admin's token has a lower ceiling).
   */
  async markRead(auth: AuthContext, ids: string[] | 'all'): Promise<{ unreadCount: number }> {
    const reader = readerOf(auth);
    await this.notifications.markRead(reader, ids);
    const inPerson = await this.countUnread(auth.user.id);
    this.realtime.toUser(auth.user.id, 'notification.read', { unreadCount: inPerson });
    const readsInPerson = reader.admin === (auth.user.role === 'admin');
    return {
      unreadCount: readsInPerson ? inPerson : await this.notifications.unreadCount(reader),
    };
  }

  /**
   * Opening a thread up to `seq` reads its notifications up to there too; the user's other tabs
   * hear the new count. The caller has checked that the user may read the thread.
   */
  async markThreadRead(userId: string, threadId: string, seq: number): Promise<void> {
    if ((await this.notifications.markThreadRead(userId, threadId, seq)) === 0) return;
    this.realtime.toUser(userId, 'notification.read', {
      unreadCount: await this.countUnread(userId),
    });
  }

  private async countUnread(userId: string): Promise<number> {
    return (await this.notifications.unreadCounts([userId])).get(userId) ?? 0;
  }

  /**
   * After a commit: pushes each new notification to its recipient's sockets with their unread
   * count. Counts are read once per COUNT_INTERVAL_MS for everyone notified in it, not once per
   * comment: a busy thread with many followers would otherwise cost a count per follower per post.
   */
  publish(
    rows: NewNotification[],
    about: {
      thread: { id: string; title: string };
      commentId: string;
      actor: NotificationRow['actor'];
    },
  ): void {
    for (const row of rows) {
      this.pending.push({
        userId: row.userId,
        notification: {
          id: row.id,
          kind: row.kind,
          thread: about.thread,
          commentId: about.commentId,
          actor: about.actor,
          createdAt: row.createdAt,
          readAt: null,
        },
      });
    }
    this.flushTimer ??= setTimeout(
      () => void this.flush(),
      Math.max(0, this.lastFlushAt + COUNT_INTERVAL_MS - Date.now()),
    );
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    this.lastFlushAt = Date.now();
    const batch = this.pending.splice(0);
    if (!batch.length) return;
    try {
      const counts = await this.notifications.unreadCounts([
        ...new Set(batch.map((entry) => entry.userId)),
      ]);
      const excerpts = await this.notifications.excerpts([
        ...new Set(batch.flatMap((entry) => entry.notification.commentId ?? [])),
      ]);
      for (const { userId, notification } of batch) {
        this.realtime.toUser(userId, 'notification.created', {
          notification: {
            ...notification,
            excerpt: notification.commentId ? (excerpts.get(notification.commentId) ?? null) : null,
          },
          unreadCount: counts.get(userId) ?? 0,
        });
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'notification push failed; clients catch up on their next page load',
      );
    }
  }
}
