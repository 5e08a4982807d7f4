import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of domain events (comment created, thread resolved, decision accepted,
 * action assigned, …): each is written in the transaction of the change it announces, and a relay
 * hands it to webhooks and notification e-mail, so a process that stops between commit and
 * delivery loses nothing. `handled_by` lists the consumers that have applied it (each in one
 * transaction with its effects); a statement trigger NOTIFYs the relay on commit.
 */
export class DurableDomainEvents1764430000000 implements MigrationInterface {
  name = 'DurableDomainEvents1764430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE domain_event (
        id bigserial NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        handled_by text[] NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        available_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        CONSTRAINT domain_event_pkey PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX domain_event_available_idx ON domain_event (available_at, id)`);
    await db.query(`
      CREATE FUNCTION domain_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('domain_event', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER domain_event_notify AFTER INSERT ON domain_event
        FOR EACH STATEMENT EXECUTE FUNCTION domain_event_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE domain_event`);
    await db.query(`DROP FUNCTION domain_event_notify()`);
  }
}
