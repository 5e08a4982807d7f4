import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders: notifications about an action or a decision (not only a thread), and one row per
 * reminder or digest ever due, whose unique key makes every pass idempotent across processes and
 * whose email status drives (re)sending.
 */
export class Reminders1764306000000 implements MigrationInterface {
  name = 'Reminders1764306000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notification ALTER COLUMN thread_id DROP NOT NULL`);
    await db.query(
      `ALTER TABLE notification ADD COLUMN action_id uuid REFERENCES action_item (id) ON DELETE CASCADE`,
    );
    await db.query(
      `ALTER TABLE notification ADD COLUMN decision_id uuid REFERENCES decision (id) ON DELETE CASCADE`,
    );
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity', 'action.due_soon', 'action.overdue', 'decision.review_due'))`,
    );
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_subject_check CHECK (num_nonnulls(thread_id, action_id, decision_id) >= 1)`,
    );
    await db.query(`CREATE INDEX notification_action_idx ON notification (action_id)`);
    await db.query(`CREATE INDEX notification_decision_idx ON notification (decision_id)`);
    await db.query(`
      CREATE TABLE reminder (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('action.due_soon', 'action.overdue', 'decision.review_due', 'digest')),
        subject_id uuid,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        on_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        email_status text NOT NULL DEFAULT 'none' CHECK (email_status IN ('none', 'pending', 'sent', 'failed', 'skipped')),
        email_attempts integer NOT NULL DEFAULT 0,
        emailed_at timestamptz,
        last_error text
      )`);
    // Once per kind, user, date (due date, review date or digest day) and subject, whoever runs the pass.
    await db.query(
      `CREATE UNIQUE INDEX reminder_once_key ON reminder (kind, user_id, on_date, subject_id) NULLS NOT DISTINCT`,
    );
    await db.query(
      `CREATE INDEX reminder_pending_idx ON reminder (id) WHERE email_status = 'pending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reminder`);
    await db.query(`DELETE FROM notification WHERE thread_id IS NULL`);
    await db.query(`DROP INDEX notification_decision_idx`);
    await db.query(`DROP INDEX notification_action_idx`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_subject_check`);
    await db.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await db.query(`DELETE FROM notification WHERE kind NOT IN ('mention', 'reply', 'activity')`);
    await db.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply', 'activity'))`,
    );
    await db.query(`ALTER TABLE notification DROP COLUMN decision_id`);
    await db.query(`ALTER TABLE notification DROP COLUMN action_id`);
    await db.query(`ALTER TABLE notification ALTER COLUMN thread_id SET NOT NULL`);
  }
}
