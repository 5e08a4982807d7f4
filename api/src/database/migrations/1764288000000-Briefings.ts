import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Groups, briefings with their sections, items, prompts, tags and visibility, and threads. */
export class Briefings1764288000000 implements MigrationInterface {
  name = 'Briefings1764288000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX user_group_name_key ON user_group (lower(name))`);
    await db.query(`
      CREATE TABLE user_group_member (
        group_id uuid NOT NULL REFERENCES user_group (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      )`);
    await db.query(`CREATE INDEX user_group_member_user_idx ON user_group_member (user_id)`);

    await db.query(`
      CREATE TABLE briefing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        title text NOT NULL,
        title_key text NOT NULL,
        series text,
        published_on date NOT NULL,
        author text,
        reading_minutes integer CHECK (reading_minutes IS NULL OR reading_minutes >= 1),
        summary text,
        source_format text NOT NULL CHECK (source_format IN ('text', 'markdown', 'html', 'json', 'feed')),
        source_text text NOT NULL,
        content_hash text NOT NULL,
        visibility text NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'restricted')),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX briefing_slug_key ON briefing (slug)`);
    await db.query(
      `CREATE UNIQUE INDEX briefing_identity_key ON briefing (title_key, published_on)`,
    );
    await db.query(`CREATE INDEX briefing_feed_idx ON briefing (published_on DESC, id DESC)`);
    await db.query(`CREATE INDEX briefing_series_idx ON briefing (series, published_on DESC)`);

    await db.query(`
      CREATE TABLE briefing_group (
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES user_group (id) ON DELETE CASCADE,
        PRIMARY KEY (briefing_id, group_id)
      )`);

    await db.query(`
      CREATE TABLE tag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (name = lower(name))
      )`);
    await db.query(`CREATE UNIQUE INDEX tag_name_key ON tag (name)`);
    await db.query(`
      CREATE TABLE briefing_tag (
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        tag_id uuid NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
        PRIMARY KEY (briefing_id, tag_id)
      )`);
    await db.query(`CREATE INDEX briefing_tag_tag_idx ON briefing_tag (tag_id)`);

    await db.query(`
      CREATE TABLE section (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        heading text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('items', 'takeaway', 'related')),
        body text
      )`);
    await db.query(`CREATE INDEX section_briefing_idx ON section (briefing_id, position)`);

    await db.query(`
      CREATE TABLE item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        section_id uuid NOT NULL REFERENCES section (id) ON DELETE CASCADE,
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        title text NOT NULL,
        body text,
        url text
      )`);
    await db.query(`CREATE INDEX item_section_idx ON item (section_id, position)`);
    await db.query(`CREATE INDEX item_briefing_idx ON item (briefing_id)`);

    await db.query(`
      CREATE TABLE discussion_prompt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        section_id uuid NOT NULL REFERENCES section (id) ON DELETE CASCADE,
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        prompt text NOT NULL
      )`);
    await db.query(
      `CREATE UNIQUE INDEX discussion_prompt_section_key ON discussion_prompt (section_id)`,
    );
    await db.query(
      `CREATE INDEX discussion_prompt_briefing_idx ON discussion_prompt (briefing_id)`,
    );

    // A thread outlives its prompt or item: re-imports and deletions never drop a discussion.
    await db.query(`
      CREATE TABLE thread (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        prompt_id uuid REFERENCES discussion_prompt (id) ON DELETE SET NULL,
        item_id uuid REFERENCES item (id) ON DELETE SET NULL,
        title text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'converging', 'resolved')),
        outcome text,
        last_seq bigint NOT NULL DEFAULT 0,
        comment_count integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE UNIQUE INDEX thread_prompt_key ON thread (prompt_id) WHERE prompt_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX thread_item_key ON thread (item_id) WHERE item_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX thread_briefing_idx ON thread (briefing_id)`);

    await db.query(`
      CREATE TABLE briefing_read (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        briefing_id uuid NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, briefing_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'briefing_read',
      'thread',
      'discussion_prompt',
      'item',
      'section',
      'briefing_tag',
      'tag',
      'briefing_group',
      'briefing',
      'user_group_member',
      'user_group',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
