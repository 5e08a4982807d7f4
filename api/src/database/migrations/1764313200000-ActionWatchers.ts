import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Action-item watchers (who hears about an action besides its owner), and notifications about an
 * action someone else changed (status, owner or due date).
 */
export class ActionWatchers1764313200000 implements MigrationInterface {
  name = 'ActionWatchers1764313200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action_watcher (
        action_id uuid NOT NULL REFERENCES action_item (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, user_id)
      )`);
    // "What do I watch" and cascading a user's removal; the primary key serves per-action reads.
    await db.query(`CREATE INDEX action_watcher_user_idx ON action_watcher (user_id)`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity', 'action.due_soon', 'action.overdue', 'decision.review_due', 'saved_search', 'action.changed'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notification WHERE kind = 'action.changed'`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity', 'action.due_soon', 'action.overdue', 'decision.review_due', 'saved_search'))`,
    );
    await db.query(`DROP TABLE action_watcher`);
  }
}
