import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed subscriptions: feeds polled on a schedule (conditional requests, back-off on failure) whose
 * new entries are imported into a series, each once: `feed_entry_seen` keeps every entry handled
 * by its stable GUID.
 */
export class FeedSubscriptions1764360000000 implements MigrationInterface {
  name = 'FeedSubscriptions1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feed_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        title text,
        series text,
        etag text,
        last_modified text,
        last_polled_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        failures integer NOT NULL DEFAULT 0,
        paused boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feed_subscription_failures_check CHECK (failures >= 0)
      )`);
    await db.query(`CREATE UNIQUE INDEX feed_subscription_url_key ON feed_subscription (url)`);
    // The poll pass reads the feeds that came due.
    await db.query(
      `CREATE INDEX feed_subscription_due_idx ON feed_subscription (next_poll_at) WHERE NOT paused`,
    );
    await db.query(`
      CREATE TABLE feed_entry_seen (
        feed_id uuid NOT NULL REFERENCES feed_subscription (id) ON DELETE CASCADE,
        guid text NOT NULL,
        briefing_id uuid REFERENCES briefing (id) ON DELETE SET NULL,
        error text,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (feed_id, guid)
      )`);
    await db.query(`CREATE INDEX feed_entry_seen_briefing_idx ON feed_entry_seen (briefing_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE feed_entry_seen`);
    await db.query(`DROP TABLE feed_subscription`);
  }
}
