import { Injectable } from '@nestjs/common';
import { sql, type Transaction } from 'kysely';
import { Database, type DB } from '../database/database.js';
import type { SearchFilters } from './search.dto.js';

export interface DueSavedSearch {
  id: string;
  userId: string;
  query: string;
  filters: SearchFilters;
  /** Epoch seconds (int8 as text) of the last second already looked at. */
  since: string;
}

/** One pass's view of the saved searches that have new seconds to look at, inside its transaction. */
export interface AlertWindow {
  /** Epoch seconds (int8 as text): the last second this pass looks at. */
  bound: string;
  due: DueSavedSearch[];
  /** Records new hits and the owner's notification; returns the notification's id. */
  notify: (saved: DueSavedSearch, newHits: number) => Promise<string>;
  checked: (saved: DueSavedSearch) => Promise<void>;
}

/** The door to `saved_search` for alert passes. */
@Injectable()
export class SavedSearchAlertsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Runs `work` in one transaction over the saved searches due as of `now` (at most `limit`, taken
   * with SKIP LOCKED so a concurrent pass skips them). The window ends one whole second before
   * `now` and never passes the oldest change still waiting to be indexed.
   */
  inAlertWindow<T>(
    now: Date,
    limit: number,
    work: (window: AlertWindow) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      const {
        rows: [window],
      } = await sql<{ bound: string }>`
        SELECT floor(extract(epoch FROM LEAST(${at}::timestamptz,
          COALESCE((SELECT min(enqueued_at) FROM search_outbox), ${at}::timestamptz))))::bigint - 1 AS bound`.execute(
        trx,
      );
      const bound = window.bound;
      const { rows: due } = await sql<DueSavedSearch>`
        SELECT id, user_id AS "userId", query, filters,
               floor(extract(epoch FROM last_checked_at))::bigint AS since
          FROM saved_search WHERE alert AND floor(extract(epoch FROM last_checked_at)) < ${bound}
         ORDER BY last_checked_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(trx);
      return work({
        bound,
        due,
        notify: (saved, newHits) => this.notify(trx, saved, newHits),
        checked: async (saved) => {
          await trx
            .updateTable('saved_search')
            .set({ last_checked_at: sql<Date>`to_timestamp(${bound})` })
            .where('id', '=', saved.id)
            .execute();
        },
      });
    });
  }

  private async notify(
    trx: Transaction<DB>,
    saved: DueSavedSearch,
    newHits: number,
  ): Promise<string> {
    await trx
      .updateTable('saved_search')
      .set({ last_new_hits: newHits })
      .where('id', '=', saved.id)
      .execute();
    const { id } = await trx
      .insertInto('notification')
      .values({ user_id: saved.userId, kind: 'saved_search', saved_search_id: saved.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }
}
