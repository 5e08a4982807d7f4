import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments with history and reactions, the per-thread event log, follows, read positions, notifications, idempotency keys. */
export class Discussions1764291600000 implements MigrationInterface {
  name = 'Discussions1764291600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES comment (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        author_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        body text NOT NULL,
        body_html text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX comment_thread_seq_key ON comment (thread_id, seq)`);
    await db.query(`CREATE INDEX comment_parent_idx ON comment (parent_id)`);
    await db.query(`CREATE INDEX comment_author_idx ON comment (author_id)`);

    await db.query(`
      CREATE TABLE comment_revision (
        id bigserial PRIMARY KEY,
        comment_id uuid NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
        body text NOT NULL,
        editor_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        replaced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX comment_revision_comment_idx ON comment_revision (comment_id, id)`,
    );

    await db.query(`
      CREATE TABLE comment_reaction (
        comment_id uuid NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        emoji text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (comment_id, user_id, emoji)
      )`);

    // Every thread event, in order: what a reconnecting client is replayed from.
    await db.query(`
      CREATE TABLE thread_event (
        thread_id uuid NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, seq)
      )`);

    await db.query(`
      CREATE TABLE thread_follow (
        thread_id uuid NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, user_id)
      )`);
    await db.query(`CREATE INDEX thread_follow_user_idx ON thread_follow (user_id)`);

    await db.query(`
      CREATE TABLE thread_read (
        thread_id uuid NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        last_seq bigint NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'activity')),
        thread_id uuid NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
        -- Deferred: a comment's notifications are written before the comment, so the thread row is locked only briefly.
        comment_id uuid REFERENCES comment (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        actor_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await db.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
    await db.query(
      `CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`,
    );
    await db.query(`CREATE INDEX notification_comment_idx ON notification (comment_id)`);
    await db.query(`CREATE INDEX notification_thread_idx ON notification (thread_id)`);

    await db.query(`
      CREATE TABLE idempotency_key (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status integer NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await db.query(`CREATE INDEX thread_activity_idx ON thread (updated_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX thread_activity_idx`);
    for (const table of [
      'idempotency_key',
      'notification',
      'thread_read',
      'thread_follow',
      'thread_event',
      'comment_reaction',
      'comment_revision',
      'comment',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
