import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_key (user_id, key, fingerprint, status, response)
       VALUES ($1, $2, $3, ${PENDING}, 'null')
       ON CONFLICT (user_id, key) DO UPDATE SET created_at = now()
         WHERE idempotency_key.status = ${PENDING} AND idempotency_key.fingerprint = EXCLUDED.fingerprint
           AND idempotency_key.created_at < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'
       RETURNING 1`,
      [userId, key, fingerprint],
    );
    if (claimed.length) return { kind: 'claimed' };
    const [earlier]: Array<{ fingerprint: string; status: number; response: unknown }> =
      await this.db.query(
        `SELECT fingerprint, status, response FROM idempotency_key WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
    // Released between the two statements: the earlier request failed, so this one runs anew.
    if (!earlier) return this.claim(userId, key, fingerprint);
    if (earlier.fingerprint !== fingerprint) return { kind: 'reused' };
    if (earlier.status === PENDING) return { kind: 'in-progress' };
    return { kind: 'replay', status: earlier.status, response: earlier.response };
  }

  async answer(userId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_key SET status = $3, response = $4::jsonb WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(response ?? null)],
    );
  }

  /** The request failed: nothing was created, so a retry with the key may run. */
  async release(userId: string, key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND status = ${PENDING}`,
      [userId, key],
    );
  }
}
