import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time setup codes: while no account exists, creating the first admin needs one. Only the
 * SHA-256 is kept, so any replica can check a code that another replica printed.
 */
export class SetupCodes1764368400000 implements MigrationInterface {
  name = 'SetupCodes1764368400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE setup_code (
        code_hash text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE setup_code`);
  }
}
