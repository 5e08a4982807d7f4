import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "The same document" is now the same title and date among the briefings the importer may read,
 * so two briefings may share a title and date when one is hidden from the other's importer; the
 * import takes an advisory lock on the pair instead of relying on a unique index.
 */
export class BriefingIdentityPerReader1764320400000 implements MigrationInterface {
  name = 'BriefingIdentityPerReader1764320400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX briefing_identity_key`);
    await db.query(`CREATE INDEX briefing_identity_idx ON briefing (title_key, published_on)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while two briefings share a title and date: which one to keep is a person's decision.
    await db.query(`DROP INDEX briefing_identity_idx`);
    await db.query(
      `CREATE UNIQUE INDEX briefing_identity_key ON briefing (title_key, published_on)`,
    );
  }
}
