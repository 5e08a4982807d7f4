import type { MigrationInterface, QueryRunner } from 'typeorm';
import { shortTitleOf } from '../../discussions/thread-short-title.js';

/**
 * Threads get a short title for lists, notifications and search: the first clause of the prompt
 * (or item title) by default, stored, and editable by editors (`short_title_edited` then keeps a
 * re-import from replacing it). Existing threads are backfilled with the same rule.
 */
export class ThreadShortTitle1764420000000 implements MigrationInterface {
  name = 'ThreadShortTitle1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE thread ADD COLUMN short_title text`);
    await db.query(
      `ALTER TABLE thread ADD COLUMN short_title_edited boolean NOT NULL DEFAULT false`,
    );
    const rows = (await db.query(`SELECT id, title FROM thread`)) as Array<{
      id: string;
      title: string;
    }>;
    for (let start = 0; start < rows.length; start += 1000) {
      const batch = rows.slice(start, start + 1000);
      await db.query(
        `UPDATE thread t SET short_title = s.short_title
           FROM unnest($1::uuid[], $2::text[]) AS s(id, short_title) WHERE t.id = s.id`,
        [batch.map((row) => row.id), batch.map((row) => shortTitleOf(row.title))],
      );
    }
    await db.query(`UPDATE thread SET short_title = left(title, 80) WHERE short_title IS NULL`);
    await db.query(`ALTER TABLE thread ALTER COLUMN short_title SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE thread DROP COLUMN short_title_edited`);
    await db.query(`ALTER TABLE thread DROP COLUMN short_title`);
  }
}
