import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links for accounts: password resets and e-mail changes. Only each link's SHA-256 is
 * stored; `password_fingerprint` is the SHA-256 of the password hash at issue, so any later
 * password change (by whatever route) kills the link.
 */
export class AccountLinks1764369000000 implements MigrationInterface {
  name = 'AccountLinks1764369000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT password_reset_token_user_id_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        password_fingerprint text NOT NULL,
        issued_by uuid CONSTRAINT password_reset_token_issued_by_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX password_reset_token_token_hash_key ON password_reset_token (token_hash)`,
    );
    await db.query(
      `CREATE INDEX password_reset_token_user_id_idx ON password_reset_token (user_id)`,
    );
    await db.query(`
      CREATE TABLE email_change_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT email_change_token_user_id_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        new_email text NOT NULL,
        token_hash text NOT NULL,
        password_fingerprint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX email_change_token_token_hash_key ON email_change_token (token_hash)`,
    );
    await db.query(`CREATE INDEX email_change_token_user_id_idx ON email_change_token (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE email_change_token`);
    await db.query(`DROP TABLE password_reset_token`);
  }
}
