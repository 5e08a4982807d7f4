import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleBriefing, type Reader } from '../access/visibility.js';
import { Database } from '../database/database.js';
import { synonymMap } from './search-indexes.js';
import type { SearchFilters } from './search.dto.js';

export interface SavedSearchRow {
  id: string;
  userId: string;
  name: string;
  query: string;
  filters: SearchFilters;
  alert: boolean;
  createdAt: Date;
  lastCheckedAt: Date;
}

/** The columns of a SavedSearchRow, for SELECT and RETURNING. */
const SAVED_COLUMNS = [
  'id',
  'user_id as userId',
  'name',
  'query',
  // Stored as given by a validated SearchFilters (see createSavedSearch).
  sql<SearchFilters>`filters`.as('filters'),
  'alert',
  'created_at as createdAt',
  'last_checked_at as lastCheckedAt',
] as const;

/** The only door to SQL for search's own tables (documents are read by SearchDocumentsRepository). */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * A reader's keys: 'team' plus their groups; undefined for admins, who read everything. `admin`
   * is the caller's effective flag (see Reader); without it the account's role decides (alerts).
   */
  async readerKeys(userId: string, admin?: boolean): Promise<string[] | undefined> {
    const {
      rows: [row],
    } = await sql<{ role: string; groups: string[] }>`
      SELECT u.role, ARRAY(SELECT group_id::text FROM user_group_member WHERE user_id = u.id) AS groups
        FROM app_user u WHERE u.id = ${userId}`.execute(this.db);
    if (admin ?? row?.role === 'admin') return undefined;
    return ['team', ...(row?.groups ?? [])];
  }

  async synonyms(): Promise<string[][]> {
    const rows = await this.db
      .selectFrom('search_synonym')
      .select('terms')
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.terms);
  }

  async synonymMap(): Promise<Record<string, string[]>> {
    return synonymMap(await this.synonyms());
  }

  async replaceSynonyms(groups: string[][]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('search_synonym').execute();
      if (groups.length === 0) return;
      await sql`
        INSERT INTO search_synonym (terms, position)
        SELECT ARRAY(SELECT jsonb_array_elements_text(g.value)), g.ordinality - 1
          FROM jsonb_array_elements(${JSON.stringify(groups)}::jsonb) WITH ORDINALITY AS g`.execute(
        trx,
      );
    });
  }

  /** An item the reader may read, with what "related" searches by. */
  async item(
    reader: Reader,
    itemId: string,
  ): Promise<{ id: string; title: string; body: string | null; publishedOn: string } | undefined> {
    const {
      rows: [row],
    } = await sql<{ id: string; title: string; body: string | null; publishedOn: string }>`
      SELECT i.id, i.title, i.body, to_char(b.published_on, 'YYYY-MM-DD') AS "publishedOn"
        FROM item i JOIN briefing b ON b.id = i.briefing_id
       WHERE i.id = ${itemId} AND ${visibleBriefing('b', reader.id, reader.admin)}`.execute(
      this.db,
    );
    return row;
  }

  savedSearches(userId: string): Promise<SavedSearchRow[]> {
    return this.db
      .selectFrom('saved_search')
      .select(SAVED_COLUMNS)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  createSavedSearch(
    userId: string,
    input: { name: string; query: string; filters: SearchFilters; alert: boolean },
  ): Promise<SavedSearchRow> {
    return this.db
      .insertInto('saved_search')
      .values({
        user_id: userId,
        name: input.name,
        query: input.query,
        filters: JSON.stringify(input.filters),
        alert: input.alert,
        // Alerts look at whole seconds after the last check: start one back so the saving second counts.
        last_checked_at: sql`now() - interval '1 second'`,
      })
      .returning(SAVED_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async deleteSavedSearch(userId: string, id: string): Promise<boolean> {
    const { numDeletedRows } = await this.db
      .deleteFrom('saved_search')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return numDeletedRows > 0n;
  }

  /**
   * Queues everything for indexing: a briefing's row brings all that is under it; actions and
   * decisions are queued on their own, as some hang from no briefing. For a new, empty index.
   */
  async enqueueEverything(): Promise<number> {
    const {
      rows: [{ queued }],
    } = await sql<{ queued: number }>`
      WITH queued AS (
        INSERT INTO search_outbox (entity_type, entity_id)
          SELECT 'briefing', id FROM briefing
          UNION ALL SELECT 'action', id FROM action_item
          UNION ALL SELECT 'decision', id FROM decision
        RETURNING 1)
      SELECT count(*)::int AS queued FROM queued`.execute(this.db);
    return queued;
  }

  async outboxBacklog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    const {
      rows: [row],
    } = await sql<{ pending: number; oldestSeconds: number | null }>`
      SELECT count(*)::int AS pending, extract(epoch FROM now() - min(enqueued_at))::float AS "oldestSeconds"
        FROM search_outbox`.execute(this.db);
    return row;
  }
}
