import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search sync through a transactional outbox. Triggers write the outbox rows, so every change to
 * an indexed table enqueues its document in the transaction that makes it: no code path can forget.
 * Statement-level triggers with transition tables keep multi-row writes to one outbox insert.
 */
const SOURCES: { table: string; type: string; id: string; updateOf?: string }[] = [
  { table: 'briefing', type: 'briefing', id: 'id' },
  { table: 'briefing_group', type: 'briefing', id: 'briefing_id' },
  { table: 'briefing_tag', type: 'briefing', id: 'briefing_id' },
  { table: 'item', type: 'item', id: 'id' },
  { table: 'discussion_prompt', type: 'prompt', id: 'id' },
  { table: 'comment', type: 'comment', id: 'id' },
  { table: 'action_item', type: 'action', id: 'id' },
  { table: 'decision', type: 'decision', id: 'id' },
];

export class Search1764298800000 implements MigrationInterface {
  name = 'Search1764298800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE search_outbox (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL CHECK (entity_type IN ('briefing', 'item', 'prompt', 'thread', 'comment', 'action', 'decision')),
        entity_id uuid NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        available_at timestamptz NOT NULL DEFAULT now(),
        last_error text
      )`);
    await db.query(`CREATE INDEX search_outbox_available_idx ON search_outbox (available_at, id)`);

    for (const source of SOURCES) {
      for (const [event, rows] of [
        ['INSERT', 'new_rows'],
        ['UPDATE', 'new_rows'],
        ['DELETE', 'old_rows'],
      ] as const) {
        const name = `${source.table}_search_${event.toLowerCase()}`;
        const transition = event === 'DELETE' ? 'OLD TABLE AS old_rows' : 'NEW TABLE AS new_rows';
        await db.query(`
          CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            INSERT INTO search_outbox (entity_type, entity_id)
              SELECT DISTINCT '${source.type}', ${source.id} FROM ${rows};
            PERFORM pg_notify('search_outbox', '');
            RETURN NULL;
          END $$`);
        await db.query(`
          CREATE TRIGGER ${name} AFTER ${event} ON ${source.table}
          REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
      }
    }

    // A thread changes on every comment (counters); only its searchable fields enqueue it.
    await db.query(`
      CREATE FUNCTION thread_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_outbox (entity_type, entity_id)
          VALUES ('thread', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        PERFORM pg_notify('search_outbox', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER thread_search_insert AFTER INSERT OR DELETE ON thread
      FOR EACH ROW EXECUTE FUNCTION thread_search_row()`);
    await db.query(`
      CREATE TRIGGER thread_search_update AFTER UPDATE ON thread FOR EACH ROW
      WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.state IS DISTINCT FROM NEW.state
            OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.prompt_id IS DISTINCT FROM NEW.prompt_id
            OR OLD.item_id IS DISTINCT FROM NEW.item_id)
      EXECUTE FUNCTION thread_search_row()`);

    // Links decide which groups may read an action or decision.
    await db.query(`
      CREATE FUNCTION follow_up_link_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE link follow_up_link;
      BEGIN
        link := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        INSERT INTO search_outbox (entity_type, entity_id) VALUES (link.owner_type, link.owner_id);
        PERFORM pg_notify('search_outbox', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER follow_up_link_search AFTER INSERT OR DELETE ON follow_up_link
      FOR EACH ROW EXECUTE FUNCTION follow_up_link_search_row()`);

    await db.query(`
      CREATE TABLE search_synonym (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        terms text[] NOT NULL CHECK (cardinality(terms) >= 2),
        position integer NOT NULL DEFAULT 0
      )`);
    await db.query(`
      INSERT INTO search_synonym (terms, position) VALUES
        (ARRAY['k8s', 'kubernetes'], 0),
        (ARRAY['ai', 'artificial intelligence'], 1),
        (ARRAY['ml', 'machine learning'], 2),
        (ARRAY['llm', 'large language model'], 3),
        (ARRAY['gpu', 'graphics processing unit'], 4),
        (ARRAY['ci', 'continuous integration'], 5),
        (ARRAY['sre', 'site reliability engineering'], 6),
        (ARRAY['db', 'database'], 7),
        (ARRAY['cto', 'chief technology officer'], 8),
        (ARRAY['infra', 'infrastructure'], 9)`);

    await db.query(`
      CREATE TABLE saved_search (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        name text NOT NULL,
        query text NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}',
        alert boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_checked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX saved_search_user_idx ON saved_search (user_id, created_at DESC)`);
    await db.query(
      `CREATE INDEX saved_search_alert_idx ON saved_search (last_checked_at) WHERE alert`,
    );

    // Everything that exists now is indexed by the first drain.
    await db.query(`
      INSERT INTO search_outbox (entity_type, entity_id)
        SELECT 'briefing', id FROM briefing
        UNION ALL SELECT 'action', id FROM action_item
        UNION ALL SELECT 'decision', id FROM decision`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE saved_search`);
    await db.query(`DROP TABLE search_synonym`);
    await db.query(`DROP TRIGGER follow_up_link_search ON follow_up_link`);
    await db.query(`DROP FUNCTION follow_up_link_search_row()`);
    await db.query(`DROP TRIGGER thread_search_update ON thread`);
    await db.query(`DROP TRIGGER thread_search_insert ON thread`);
    await db.query(`DROP FUNCTION thread_search_row()`);
    for (const source of SOURCES) {
      for (const event of ['insert', 'update', 'delete']) {
        const name = `${source.table}_search_${event}`;
        await db.query(`DROP TRIGGER ${name} ON ${source.table}`);
        await db.query(`DROP FUNCTION ${name}()`);
      }
    }
    await db.query(`DROP TABLE search_outbox`);
  }
}
