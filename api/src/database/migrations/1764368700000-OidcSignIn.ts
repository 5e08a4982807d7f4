import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on attempts between the redirect to the provider and its callback: keyed by the
 * SHA-256 of `state`, holding the nonce and PKCE verifier, so any replica can finish the sign-in.
 */
export class OidcSignIn1764368700000 implements MigrationInterface {
  name = 'OidcSignIn1764368700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oidc_sign_in (
        state_hash text PRIMARY KEY,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        return_to text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    // Expired attempts are swept by age.
    await db.query(`CREATE INDEX oidc_sign_in_expires_idx ON oidc_sign_in (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE oidc_sign_in`);
  }
}
