import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored, unique @mention handle per user (it was the e-mail's local part, computed where
 * used, so ann@a.com and ann@b.com collided). Existing users get today's rule (lower-cased local
 * part reduced to what the mention parser reads), de-duplicated in sign-up order: ann, ann2, …
 * The rule is written out here rather than imported: a migration must not change with the app.
 */
export class UserHandles1764331200000 implements MigrationInterface {
  name = 'UserHandles1764331200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN handle text`);
    // Created first (NULLs do not collide) so each probe below is an index lookup.
    await db.query(`CREATE UNIQUE INDEX app_user_handle_key ON app_user (lower(handle))`);
    await db.query(`
      DO $$
      DECLARE
        person record;
        base text;
        candidate text;
        n int;
      BEGIN
        FOR person IN SELECT id, email FROM app_user ORDER BY created_at, id LOOP
          base := regexp_replace(lower(split_part(person.email, '@', 1)), '[^a-z0-9._-]', '', 'g');
          base := regexp_replace(left(regexp_replace(base, '^[._-]+', ''), 64), '[._-]+$', '');
          IF base = '' THEN base := 'user'; END IF;
          n := 1;
          candidate := base;
          WHILE candidate IN ('all', 'here', 'everyone', 'channel')
                OR EXISTS (SELECT 1 FROM app_user WHERE lower(handle) = candidate) LOOP
            n := n + 1;
            candidate := left(base, 64 - length(n::text)) || n;
          END LOOP;
          UPDATE app_user SET handle = candidate WHERE id = person.id;
        END LOOP;
      END $$`);
    await db.query(`ALTER TABLE app_user ALTER COLUMN handle SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX app_user_handle_key`);
    await db.query(`ALTER TABLE app_user DROP COLUMN handle`);
  }
}
