import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads get a short title for lists, notifications and search: the first clause of the prompt
 * (or item title) by default, stored, and editable by editors (`short_title_edited` then keeps a
 * re-import from replacing it). Existing threads are backfilled with the rule as it stood when
 * this migration was written (copied below: a migration never imports app code, which changes).
 *
 * Expand/contract: during a rolling upgrade the previous release still inserts threads without a
 * short title; a BEFORE INSERT trigger fills one from the title (cut at 90 characters) so those
 * inserts do not fail on the NOT NULL, and the new release always writes its own.
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
    await db.query(`
      CREATE FUNCTION thread_short_title_default() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.short_title IS NULL THEN
          NEW.short_title := CASE WHEN char_length(NEW.title) <= 90 THEN NEW.title
                                  ELSE left(NEW.title, 89) || '…' END;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER thread_short_title_default BEFORE INSERT ON thread
        FOR EACH ROW EXECUTE FUNCTION thread_short_title_default()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER thread_short_title_default ON thread`);
    await db.query(`DROP FUNCTION thread_short_title_default()`);
    await db.query(`ALTER TABLE thread DROP COLUMN short_title_edited`);
    await db.query(`ALTER TABLE thread DROP COLUMN short_title`);
  }
}

/** The short-title rule of this release (src/discussions/thread-short-title.ts), frozen. */
const SHORT_TITLE_MAX = 90;
const MIN_CLAUSE = 15;
const CLAUSE_END = /([?!])|\.(?=\s+[\p{Lu}\p{N}"'“‘])|[;:](?=\s)|\s+[–—-]\s+|—/gu;

function shortTitleOf(text: string): string {
  const whole = text.replace(/\s+/g, ' ').trim();
  let end = whole.length;
  let keep = '';
  for (const match of whole.matchAll(CLAUSE_END)) {
    if (match.index < MIN_CLAUSE) continue;
    end = match.index;
    keep = match[1] ?? '';
    break;
  }
  const clause = (whole.slice(0, end).trim() + keep).replace(/\.$/, '').trim();
  if (clause.length <= SHORT_TITLE_MAX) return clause;
  const comma = clause.lastIndexOf(', ', SHORT_TITLE_MAX);
  if (comma >= MIN_CLAUSE) return clause.slice(0, comma);
  const room = clause.slice(0, SHORT_TITLE_MAX - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > SHORT_TITLE_MAX / 2 ? room.slice(0, space) : room).replace(/[\s,;:.–—-]+$/, '')}…`;
}
