import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { AdvisoryLock } from '../database/advisory-locks.js';
import { Database } from '../database/database.js';
import type { OutboxEntityType } from './search-documents.js';

export interface OutboxRow {
  id: string;
  entityType: OutboxEntityType;
  entityId: string;
}

/** The only door to the search outbox for the indexer and the metrics. */
@Injectable()
export class SearchOutboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * One batch in one transaction: takes the drainer's lock (one drainer at a time keeps index
   * writes in commit order) and up to `limit` due rows, oldest first, locked until it ends; `index`
   * sends them to the engine and the rows are deleted when it answers true. 'busy' when another
   * drainer holds the lock, 'empty' when nothing is due.
   */
  drainBatch(
    limit: number,
    index: (rows: OutboxRow[]) => Promise<boolean>,
  ): Promise<'busy' | 'empty' | 'done'> {
    return this.db.transaction().execute(async (trx) => {
      const {
        rows: [lock],
      } = await sql<{
        locked: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${AdvisoryLock.SearchIndexer}) AS locked`.execute(trx);
      if (!lock?.locked) return 'busy';
      const { rows } = await sql<OutboxRow>`
        SELECT id, entity_type AS "entityType", entity_id AS "entityId" FROM search_outbox
         WHERE available_at <= now() ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(
        trx,
      );
      if (rows.length === 0) return 'empty';
      if (await index(rows))
        await trx
          .deleteFrom('search_outbox')
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
      return 'done';
    });
  }

  /** Rows the engine refused wait 2^attempts seconds (at most `maxSeconds`) before the next try. */
  async backOff(ids: string[], error: string, maxSeconds: number): Promise<void> {
    await sql`
      UPDATE search_outbox SET attempts = attempts + 1, last_error = ${error.slice(0, 500)},
             available_at = now() + make_interval(secs => LEAST(power(2, attempts), ${maxSeconds}))
       WHERE id = ANY(${ids}::bigint[])`.execute(this.db);
  }

  /** How many changes wait to be indexed, and how long the oldest has waited. */
  async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const {
      rows: [row],
    } = await sql<{ depth: string; age: number | null }>`
      SELECT count(*) AS depth, extract(epoch FROM now() - min(enqueued_at))::float8 AS age
        FROM search_outbox`.execute(this.db);
    return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }
}
