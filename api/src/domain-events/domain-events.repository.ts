import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { Database } from '../database/database.js';
import type { DB } from '../database/schema.js';
import type { DomainEvent } from './domain-events.js';

export interface StoredDomainEvent {
  id: string;
  event: DomainEvent;
  createdAt: Date;
  handledBy: string[];
}

/** The only door to the domain-event outbox for the relay and the metrics. */
@Injectable()
export class DomainEventsRepository {
  constructor(private readonly db: Database) {}

  /** Up to `limit` events due now, oldest first (not locked: `consume` claims each per consumer). */
  async due(limit: number): Promise<StoredDomainEvent[]> {
    const rows = await this.db
      .selectFrom('domain_event')
      .select(['id', 'payload', 'created_at', 'handled_by'])
      .where('available_at', '<=', sql<Date>`now()`)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: String(row.id),
      event: row.payload as DomainEvent,
      createdAt: new Date(row.created_at),
      handledBy: row.handled_by,
    }));
  }

  /**
   * One consumer applies one event, exactly once: in one transaction, the event row is locked (SKIP
   * LOCKED: another process has it), `apply` writes its effects through `trx`, and the consumer is
   * marked as done. False when the event is gone, locked, or already handled by this consumer.
   */
  consume<T>(
    id: string,
    consumer: string,
    apply: (trx: Kysely<DB>) => Promise<T>,
  ): Promise<{ applied: true; result: T } | { applied: false }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('domain_event')
        .select('id')
        .where('id', '=', id)
        .where(sql<boolean>`NOT (${consumer} = ANY (handled_by))`)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return { applied: false as const };
      const result = await apply(trx);
      await trx
        .updateTable('domain_event')
        .set({ handled_by: sql<string[]>`array_append(handled_by, ${consumer})` })
        .where('id', '=', id)
        .execute();
      return { applied: true as const, result };
    });
  }

  /** Deletes the event once every consumer in `consumers` has handled it. */
  async removeIfHandled(id: string, consumers: string[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('domain_event')
      .where('id', '=', id)
      .where(sql<boolean>`handled_by @> ${sql.val(consumers)}::text[]`)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A consumer failed: the event waits 2^attempts seconds (at most `maxSeconds`) before the next try. */
  async backOff(id: string, error: string, maxSeconds: number): Promise<void> {
    await sql`
      UPDATE domain_event SET attempts = attempts + 1, last_error = ${error.slice(0, 500)},
             available_at = now() + make_interval(secs => LEAST(power(2, attempts), ${maxSeconds}))
       WHERE id = ${id}`.execute(this.db);
  }

  /** How many events wait for their consumers, and how long the oldest has waited. */
  async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const {
      rows: [row],
    } = await sql<{ depth: string; age: number | null }>`
      SELECT count(*) AS depth, extract(epoch FROM now() - min(created_at))::float8 AS age
        FROM domain_event`.execute(this.db);
    return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }
}
