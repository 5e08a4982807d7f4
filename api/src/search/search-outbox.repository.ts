import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AdvisoryLock } from '../database/advisory-locks.js';
import type { OutboxEntityType } from './search-documents.js';

export interface OutboxRow {
  id: string;
  entityType: OutboxEntityType;
  entityId: string;
}

/** The only door to the search outbox for the indexer and the metrics. */
@Injectable()
export class SearchOutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** In `tx`: the drainer's lock (one drainer at a time keeps index writes in commit order); false when another holds it. */
  async tryLockDrain(tx: EntityManager): Promise<boolean> {
    const [{ locked }]: [{ locked: boolean }] = await tx.query(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [AdvisoryLock.SearchIndexer],
    );
    return locked;
  }

  /** In `tx`: up to `limit` due rows, oldest first, locked until the transaction ends. */
  async claimDue(tx: EntityManager, limit: number): Promise<OutboxRow[]> {
    return tx.query(
      `SELECT id, entity_type AS "entityType", entity_id AS "entityId" FROM search_outbox
        WHERE available_at <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async remove(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query('DELETE FROM search_outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** Rows the engine refused wait 2^attempts seconds (at most `maxSeconds`) before the next try. */
  async backOff(ids: string[], error: string, maxSeconds: number): Promise<void> {
    await this.db.query(
      `UPDATE search_outbox SET attempts = attempts + 1, last_error = $2,
         available_at = now() + make_interval(secs => LEAST(power(2, attempts), $3))
       WHERE id = ANY($1::bigint[])`,
      [ids, error.slice(0, 500), maxSeconds],
    );
  }

  /** How many changes wait to be indexed, and how long the oldest has waited. */
  async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const [row]: [{ depth: string; age: number | null }] = await this.db.query(
      `SELECT count(*) AS depth, extract(epoch FROM now() - min(enqueued_at))::float8 AS age FROM search_outbox`,
    );
    return { depth: Number(row.depth), oldestAgeSeconds: Math.max(0, row.age ?? 0) };
  }
}
