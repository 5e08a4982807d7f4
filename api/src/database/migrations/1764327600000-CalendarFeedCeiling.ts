import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A calendar feed made through an API token keeps that token's role ceiling, so the feed reads no
 * more than the token may (null: made in a session, the account's role decides).
 */
export class CalendarFeedCeiling1764327600000 implements MigrationInterface {
  name = 'CalendarFeedCeiling1764327600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE calendar_feed ADD COLUMN role_ceiling text CHECK (role_ceiling IN ('viewer', 'member', 'editor', 'admin'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE calendar_feed DROP COLUMN role_ceiling`);
  }
}
