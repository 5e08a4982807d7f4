import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleBriefingSql, type Reader } from '../access/visibility.js';
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

const SAVED_COLUMNS = `id, user_id AS "userId", name, query, filters, alert, created_at AS "createdAt",
  last_checked_at AS "lastCheckedAt"`;

/** The only door to SQL for search's own tables (documents are read by SearchDocuments). */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A reader's keys: 'team' plus their groups; undefined for admins, who read everything. `admin`
   * is the caller's effective flag (see Reader); without it the account's role decides (alerts).
   */
  async readerKeys(userId: string, admin?: boolean): Promise<string[] | undefined> {
    const [row]: [{ role: string; groups: string[] }] = await this.db.query(
      `SELECT u.role, ARRAY(SELECT group_id::text FROM user_group_member WHERE user_id = u.id) AS groups
       FROM app_user u WHERE u.id = $1`,
      [userId],
    );
    if (admin ?? row?.role === 'admin') return undefined;
    return ['team', ...(row?.groups ?? [])];
  }

  async synonyms(): Promise<string[][]> {
    const rows: { terms: string[] }[] = await this.db.query(
      `SELECT terms FROM search_synonym ORDER BY position, id`,
    );
    return rows.map((r) => r.terms);
  }

  async synonymMap(): Promise<Record<string, string[]>> {
    return synonymMap(await this.synonyms());
  }

  async replaceSynonyms(groups: string[][]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM search_synonym`);
      if (groups.length === 0) return;
      await tx.query(
        `INSERT INTO search_synonym (terms, position)
         SELECT ARRAY(SELECT jsonb_array_elements_text(g.value)), g.ordinality - 1
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS g`,
        [JSON.stringify(groups)],
      );
    });
  }

  /** An item the reader may read, with what "related" searches by. */
  async item(
    reader: Reader,
    itemId: string,
  ): Promise<{ id: string; title: string; body: string | null; publishedOn: string } | undefined> {
    const [row] = await this.db.query(
      `SELECT i.id, i.title, i.body, to_char(b.published_on, 'YYYY-MM-DD') AS "publishedOn"
       FROM item i JOIN briefing b ON b.id = i.briefing_id
       WHERE i.id = $1 AND ${visibleBriefingSql('b', '$2', '$3')}`,
      [itemId, reader.id, reader.admin],
    );
    return row;
  }

  async savedSearches(userId: string): Promise<SavedSearchRow[]> {
    return this.db.query(
      `SELECT ${SAVED_COLUMNS} FROM saved_search WHERE user_id = $1 ORDER BY created_at DESC, id`,
      [userId],
    );
  }

  async createSavedSearch(
    userId: string,
    input: { name: string; query: string; filters: SearchFilters; alert: boolean },
  ): Promise<SavedSearchRow> {
    const [row] = await this.db.query(
      // Alerts look at whole seconds after the last check: start one back so the saving second counts.
      `INSERT INTO saved_search (user_id, name, query, filters, alert, last_checked_at)
       VALUES ($1, $2, $3, $4, $5, now() - interval '1 second')
       RETURNING ${SAVED_COLUMNS}`,
      [userId, input.name, input.query, JSON.stringify(input.filters), input.alert],
    );
    return row;
  }

  async deleteSavedSearch(userId: string, id: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.db.query(
      `DELETE FROM saved_search WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return affected > 0;
  }

  /**
   * Queues everything for indexing: a briefing's row brings all that is under it; actions and
   * decisions are queued on their own, as some hang from no briefing. For a new, empty index.
   */
  async enqueueEverything(): Promise<number> {
    const [{ queued }]: [{ queued: number }] = await this.db.query(
      `WITH queued AS (
         INSERT INTO search_outbox (entity_type, entity_id)
           SELECT 'briefing', id FROM briefing
           UNION ALL SELECT 'action', id FROM action_item
           UNION ALL SELECT 'decision', id FROM decision
         RETURNING 1)
       SELECT count(*)::int AS queued FROM queued`,
    );
    return queued;
  }

  async outboxBacklog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(enqueued_at))::float AS "oldestSeconds"
       FROM search_outbox`,
    );
    return row;
  }
}
