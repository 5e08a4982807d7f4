import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bell's indexes in the list's own order (newest first, id breaking ties), so a page walks a
 * user's notifications from the top and stops at its last row; the unread one serves the unread
 * page and the capped unread count.
 */
export class NotificationPages1764324000000 implements MigrationInterface {
  name = 'NotificationPages1764324000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notification_user_idx`);
    await db.query(
      `CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id DESC)`,
    );
    await db.query(`DROP INDEX notification_unread_idx`);
    await db.query(
      `CREATE INDEX notification_unread_idx ON notification (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notification_unread_idx`);
    await db.query(
      `CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`,
    );
    await db.query(`DROP INDEX notification_user_idx`);
    await db.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
  }
}
