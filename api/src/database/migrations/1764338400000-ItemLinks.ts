import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every link of an item, in order (`url` stays its main link): imported pages and feeds put
 * several links in one paragraph, and keeping only the first lost the sources readers follow.
 * Existing items keep their one link.
 */
export class ItemLinks1764338400000 implements MigrationInterface {
  name = 'ItemLinks1764338400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE item ADD COLUMN links text[] NOT NULL DEFAULT '{}'`);
    await db.query(`UPDATE item SET links = ARRAY[url] WHERE url IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE item DROP COLUMN links`);
  }
}
