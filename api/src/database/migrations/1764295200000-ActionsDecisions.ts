import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Action items, decisions, the typed links between them and what they came from, and their activity log. */
export class ActionsDecisions1764295200000 implements MigrationInterface {
  name = 'ActionsDecisions1764295200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        owner_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'blocked', 'done', 'cancelled')),
        priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
        due_on date,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await db.query(`CREATE INDEX action_item_owner_idx ON action_item (owner_id, status)`);
    await db.query(`CREATE INDEX action_item_status_due_idx ON action_item (status, due_on)`);
    await db.query(`
      CREATE TABLE decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        statement text NOT NULL,
        rationale text NOT NULL DEFAULT '',
        alternatives text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'superseded', 'rejected')),
        decided_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        decided_on date,
        review_by date,
        supersedes_id uuid REFERENCES decision (id) ON DELETE SET NULL,
        thread_id uuid REFERENCES thread (id) ON DELETE SET NULL,
        comment_id uuid REFERENCES comment (id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX decision_status_idx ON decision (status, created_at DESC)`);
    await db.query(
      `CREATE UNIQUE INDEX decision_supersedes_key ON decision (supersedes_id) WHERE supersedes_id IS NOT NULL`,
    );
    // One typed link table: an action or decision points at a briefing, item, prompt's thread, comment or decision.
    await db.query(`
      CREATE TABLE follow_up_link (
        owner_type text NOT NULL CHECK (owner_type IN ('action', 'decision')),
        owner_id uuid NOT NULL,
        target_type text NOT NULL CHECK (target_type IN ('briefing', 'item', 'discussion', 'comment', 'decision', 'action')),
        target_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_type, owner_id, target_type, target_id)
      )`);
    await db.query(
      `CREATE INDEX follow_up_link_target_idx ON follow_up_link (target_type, target_id)`,
    );
    await db.query(`
      CREATE TABLE activity (
        id bigserial PRIMARY KEY,
        subject_type text NOT NULL CHECK (subject_type IN ('action', 'decision')),
        subject_id uuid NOT NULL,
        actor_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        change jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX activity_subject_idx ON activity (subject_type, subject_id, id)`);
    // A secret, revocable calendar URL per user (only the token's SHA-256 is kept).
    await db.query(`
      CREATE TABLE calendar_feed (
        user_id uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['calendar_feed', 'activity', 'follow_up_link', 'decision', 'action_item'])
      await db.query(`DROP TABLE ${table}`);
  }
}
