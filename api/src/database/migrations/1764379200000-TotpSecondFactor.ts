import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second factor for password accounts: one TOTP secret per user (pending until a first code
 * confirms it), hashed one-time recovery codes, the short-lived sign-in challenges that stand
 * between a right password and a session, and the one-row security policy admins set.
 */
export class TotpSecondFactor1764379200000 implements MigrationInterface {
  name = 'TotpSecondFactor1764379200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
        secret text NOT NULL,
        enabled_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE totp_recovery_code (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
    await db.query(`
      CREATE TABLE totp_challenge (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT totp_challenge_purpose_check CHECK (purpose IN ('verify', 'enrol'))
      )`);
    await db.query(`CREATE INDEX totp_challenge_user_id_idx ON totp_challenge (user_id)`);
    await db.query(`
      CREATE TABLE security_setting (
        id integer PRIMARY KEY DEFAULT 1,
        require_totp_for text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        CONSTRAINT security_setting_single_check CHECK (id = 1)
      )`);
    await db.query(`INSERT INTO security_setting (id) VALUES (1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE security_setting`);
    await db.query(`DROP TABLE totp_challenge`);
    await db.query(`DROP TABLE totp_recovery_code`);
    await db.query(`DROP TABLE user_totp`);
  }
}
