import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A proposed decision collects the team's stances (Loomio's proposal): one per person, changeable,
 * until an optional closing time. Accepting or rejecting stores the tally as it stood.
 */
export class DecisionStances1764420100000 implements MigrationInterface {
  name = 'DecisionStances1764420100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE decision_stance (
        decision_id uuid NOT NULL REFERENCES decision (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        stance text NOT NULL CHECK (stance IN ('agree', 'abstain', 'disagree', 'block')),
        reason text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT decision_stance_pkey PRIMARY KEY (decision_id, user_id)
      )`);
    await db.query(`CREATE INDEX decision_stance_user_idx ON decision_stance (user_id)`);
    await db.query(`ALTER TABLE decision ADD COLUMN closes_at timestamptz`);
    await db.query(`ALTER TABLE decision ADD COLUMN decided_tally jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE decision DROP COLUMN decided_tally`);
    await db.query(`ALTER TABLE decision DROP COLUMN closes_at`);
    await db.query(`DROP TABLE decision_stance`);
  }
}
