import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async list(auth: AuthContext, unreadOnly: boolean, cursor: string | undefined, limit = 30) {
    const after = decodeCursor(cursor);
    const rows = await this.notifications.list(auth.user.id, unreadOnly, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const counts = await this.notifications.unreadCounts([auth.user.id]);
    return {
      notifications: page,
      unreadCount: counts.get(auth.user.id) ?? 0,
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url')
          : null,
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

function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this API gave out.');
  }
  return { createdAt, id };
}
