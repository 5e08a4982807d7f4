import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, sessions, personal API tokens, invitations and sign-in lock-out. */
export class Accounts1764284400000 implements MigrationInterface {
  name = 'Accounts1764284400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'member', 'editor', 'admin')),
        active boolean NOT NULL DEFAULT true,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (email)`);

    await db.query(`
      CREATE TABLE session (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        user_agent text,
        ip inet
      )`);
    await db.query(`CREATE INDEX session_user_id_idx ON session (user_id)`);

    await db.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'member', 'editor', 'admin')),
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX api_token_hash_key ON api_token (token_hash)`);
    await db.query(`CREATE INDEX api_token_user_id_idx ON api_token (user_id)`);

    await db.query(`
      CREATE TABLE invite (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('viewer', 'member', 'editor', 'admin')),
        token_hash text NOT NULL,
        invited_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX invite_token_hash_key ON invite (token_hash)`);

    await db.query(`
      CREATE TABLE login_attempt (
        email text PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_attempt`);
    await db.query(`DROP TABLE invite`);
    await db.query(`DROP TABLE api_token`);
    await db.query(`DROP TABLE session`);
    await db.query(`DROP TABLE app_user`);
  }
}
