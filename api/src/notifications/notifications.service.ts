import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { decodeCursor, encodeCursor, isTimestamp } from '../common/cursor.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async list(auth: AuthContext, unreadOnly: boolean, cursor: string | undefined, limit = 30) {
    const decoded = decodeCursor(cursor, isTimestamp);
    const after = decoded && { createdAt: decoded.key, id: decoded.id };
    const rows = await this.notifications.list(auth.user.id, unreadOnly, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const counts = await this.notifications.unreadCounts([auth.user.id]);
    return {
      notifications: page,
      unreadCount: counts.get(auth.user.id) ?? 0,
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  async markRead(auth: AuthContext, ids: string[] | 'all'): Promise<{ unreadCount: number }> {
    await this.notifications.markRead(auth.user.id, ids);
    const unreadCount =
      (await this.notifications.unreadCounts([auth.user.id])).get(auth.user.id) ?? 0;
    this.realtime.toUser(auth.user.id, 'notification.read', { unreadCount });
    return { unreadCount };
  }

  /** After a commit: tells each recipient's sockets, with their new unread count. */
  async publishForComment(commentId: string): Promise<void> {
    const rows = await this.notifications.forComment(commentId);
    if (rows.length === 0) return;
    const counts = await this.notifications.unreadCounts(rows.map((row) => row.userId));
    for (const { userId, ...notification } of rows) {
      this.realtime.toUser(userId, 'notification.created', {
        notification: notification as NotificationRow,
        unreadCount: counts.get(userId) ?? 0,
      });
    }
  }
}
