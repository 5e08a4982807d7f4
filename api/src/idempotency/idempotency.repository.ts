import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';

/** What an earlier request with the same key says about this one. */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'reused' }
  | { kind: 'in-progress' };

/** Status of a key whose request is still running (no HTTP status is 0). */
const PENDING = 0;
/** A request this old that never finished (its process died) no longer holds its key. */
const ABANDONED_AFTER_SECONDS = 60;

/**
 * The only door to `idempotency_key` for requests other than comment posts (which store their
 * answer in the comment's own transaction): a key is claimed before the work, answered after it.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  async claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed = await this.db
      .insertInto('idempotency_key')
      .values({ user_id: userId, key, fingerprint, status: PENDING, response: sql`'null'::jsonb` })
      .onConflict((conflict) =>
        conflict
          .columns(['user_id', 'key'])
          .doUpdateSet({ created_at: sql`now()` })
          .where('idempotency_key.status', '=', PENDING)
          .whereRef('idempotency_key.fingerprint', '=', 'excluded.fingerprint')
          .where(
            'idempotency_key.created_at',
            '<',
            sql<Date>`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
          ),
      )
      .returning('user_id')
      .executeTakeFirst();
    if (claimed) return { kind: 'claimed' };
    const earlier = await this.db
      .selectFrom('idempotency_key')
      .select(['fingerprint', 'status', 'response'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    // Released between the two statements: the earlier request failed, so this one runs anew.
    if (!earlier) return this.claim(userId, key, fingerprint);
    if (earlier.fingerprint !== fingerprint) return { kind: 'reused' };
    if (earlier.status === PENDING) return { kind: 'in-progress' };
    return { kind: 'replay', status: earlier.status, response: earlier.response };
  }

  async answer(userId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.db
      .updateTable('idempotency_key')
      .set({ status, response: JSON.stringify(response ?? null) })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute();
  }

  /** The request failed: nothing was created, so a retry with the key may run. */
  async release(userId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_key')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('status', '=', PENDING)
      .execute();
  }
}
