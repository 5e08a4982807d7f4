import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reaching people outside the app: per-user e-mail preferences per notification kind, the queue
 * of notification e-mails (sent at once, batched, or in the daily digest), outbound webhooks with
 * their delivery log, secret Atom feed addresses, and the server's own signing keys (reply-by-mail
 * and unsubscribe tokens).
 */
export class WhereTheTeamIs1764410000000 implements MigrationInterface {
  name = 'WhereTheTeamIs1764410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_preference (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL,
        mode text NOT NULL,
        PRIMARY KEY (user_id, kind),
        CONSTRAINT notification_preference_mode_check CHECK (mode IN ('immediately', 'digest', 'never'))
      )`);
    await db.query(`
      CREATE TABLE notification_email (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL,
        thread_id uuid REFERENCES thread (id) ON DELETE CASCADE,
        comment_id uuid REFERENCES comment (id) ON DELETE CASCADE,
        action_id uuid REFERENCES action_item (id) ON DELETE CASCADE,
        decision_id uuid REFERENCES decision (id) ON DELETE CASCADE,
        actor_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        due_at timestamptz NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX notification_email_due_idx ON notification_email (due_at) WHERE sent_at IS NULL`,
    );
    await db.query(`CREATE INDEX notification_email_user_idx ON notification_email (user_id)`);
    await db.query(`
      CREATE TABLE app_secret (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        format text NOT NULL,
        secret text NOT NULL,
        group_id uuid REFERENCES user_group (id) ON DELETE CASCADE,
        description text,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_format_check CHECK (format IN ('json', 'slack', 'teams'))
      )`);
    await db.query(`CREATE INDEX webhook_group_idx ON webhook (group_id)`);
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
        event text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_status integer,
        last_error text,
        attempt_log jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT webhook_delivery_state_check CHECK (state IN ('pending', 'delivered', 'failed'))
      )`);
    await db.query(
      `CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC)`,
    );
    await db.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'pending'`,
    );
    await db.query(`
      CREATE TABLE outside_feed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL,
        series text NOT NULL DEFAULT '',
        token_hash text NOT NULL,
        role_ceiling text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outside_feed_kind_check CHECK (kind IN ('series', 'decisions'))
      )`);
    await db.query(`CREATE UNIQUE INDEX outside_feed_token_key ON outside_feed (token_hash)`);
    await db.query(
      `CREATE UNIQUE INDEX outside_feed_owner_key ON outside_feed (user_id, kind, series)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outside_feed`);
    await db.query(`DROP TABLE webhook_delivery`);
    await db.query(`DROP TABLE webhook`);
    await db.query(`DROP TABLE app_secret`);
    await db.query(`DROP TABLE notification_email`);
    await db.query(`DROP TABLE notification_preference`);
  }
}
