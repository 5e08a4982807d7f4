import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved-search alerts: a notification can be about a saved search that found new results. */
export class SavedSearchAlerts1764309600000 implements MigrationInterface {
  name = 'SavedSearchAlerts1764309600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE notification ADD COLUMN saved_search_id uuid REFERENCES saved_search (id) ON DELETE CASCADE`,
    );
    await db.query(`CREATE INDEX notification_saved_search_idx ON notification (saved_search_id)`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity', 'action.due_soon', 'action.overdue', 'decision.review_due', 'saved_search'))`,
    );
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_subject_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_subject_check CHECK (num_nonnulls(thread_id, action_id, decision_id, saved_search_id) >= 1)`,
    );
    // How many new results the last alert found (shown with the notification).
    await db.query(`ALTER TABLE saved_search ADD COLUMN last_new_hits integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE saved_search DROP COLUMN last_new_hits`);
    await db.query(`DELETE FROM notification WHERE kind = 'saved_search'`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_subject_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_subject_check CHECK (num_nonnulls(thread_id, action_id, decision_id) >= 1)`,
    );
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity', 'action.due_soon', 'action.overdue', 'decision.review_due'))`,
    );
    await db.query(`DROP INDEX notification_saved_search_idx`);
    await db.query(`ALTER TABLE notification DROP COLUMN saved_search_id`);
  }
}
