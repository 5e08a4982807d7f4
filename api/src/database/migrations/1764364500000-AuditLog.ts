import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: who did what, when and from where. `actor_label` keeps the actor's e-mail as it was,
 * so an event still reads after the account is deleted (`actor_id` then becomes null).
 */
export class AuditLog1764364500000 implements MigrationInterface {
  name = 'AuditLog1764364500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        actor_label text,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip inet,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    // Newest first, paged by (at, id).
    await db.query(`CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC)`);
    // Prefix filters such as 'auth.' use the text_pattern_ops index.
    await db.query(
      `CREATE INDEX audit_event_action_idx ON audit_event (action text_pattern_ops, at DESC)`,
    );
    await db.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at DESC)`);
    await db.query(
      `CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id, at DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_event`);
  }
}
