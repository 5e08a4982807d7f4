import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound integrations: an e-mail address (`briefings+<token>@domain`) and a signed webhook that
 * import into one series. The e-mail token is kept as its SHA-256 (a leaked table sends no mail);
 * the webhook secret is kept as is, since verifying an HMAC needs the key itself.
 */
export class InboundIntegrations1764345600000 implements MigrationInterface {
  name = 'InboundIntegrations1764345600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inbound_integration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        series text NOT NULL,
        visibility text NOT NULL DEFAULT 'team',
        email_token_hash text NOT NULL,
        webhook_secret text NOT NULL,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        last_error text,
        revoked_at timestamptz,
        CONSTRAINT inbound_integration_visibility_check CHECK (visibility IN ('team', 'restricted'))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX inbound_integration_email_token_key ON inbound_integration (email_token_hash)`,
    );
    await db.query(`
      CREATE TABLE inbound_integration_group (
        integration_id uuid NOT NULL REFERENCES inbound_integration (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES user_group (id) ON DELETE CASCADE,
        PRIMARY KEY (integration_id, group_id)
      )`);
    await db.query(
      `CREATE INDEX inbound_integration_group_group_idx ON inbound_integration_group (group_id)`,
    );
    // A re-delivered mail (same Message-ID) imports once.
    await db.query(`
      CREATE TABLE inbound_message (
        integration_id uuid NOT NULL REFERENCES inbound_integration (id) ON DELETE CASCADE,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, message_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbound_message`);
    await db.query(`DROP TABLE inbound_integration_group`);
    await db.query(`DROP TABLE inbound_integration`);
  }
}
