import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleBriefing, visibleFollowUp, type Reader } from '../access/visibility.js';
import { Database } from '../database/database.js';
import { linkedIds } from '../links/follow-up-filters.js';
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

/** A person a question names, as found among the users. */
export interface PersonRow {
  id: string;
  name: string;
  handle: string;
}

interface PersonRef {
  id: string | null;
  name: string | null;
}

/** What an answer card shows of a decision. */
export interface DecisionAnswerRow {
  id: string;
  title: string;
  statement: string;
  rationale: string;
  status: string;
  date: string;
  decidedBy: PersonRef;
  threadId: string | null;
  threadTitle: string | null;
  supersededById: string | null;
  supersededByTitle: string | null;
  actions: {
    id: string;
    title: string;
    status: string;
    ownerId: string | null;
    ownerName: string | null;
    dueOn: string | null;
  }[];
}

/** What an answer card shows of an action. */
export interface ActionAnswerRow {
  id: string;
  title: string;
  description: string;
  status: string;
  date: string;
  dueOn: string | null;
  owner: PersonRef;
}

/** What an answer card shows of a comment. */
export interface CommentAnswerRow {
  id: string;
  body: string;
  date: string;
  author: PersonRef;
  threadId: string;
  threadTitle: string;
}

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

  /** The short titles (what lists show) of these threads, by id; unknown ids are left out. */
  async threadShortTitles(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('thread')
      .select(['id', 'short_title'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.short_title]));
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

  /**
   * The active users a question names: by handle (`@dana`), or by a name ("Dana's") that is
   * their handle or the first word of their display name.
   */
  async people(mentions: { handle?: string; name?: string }[]): Promise<PersonRow[]> {
    const keys = [
      ...new Set(mentions.map((m) => (m.handle ?? m.name ?? '').toLowerCase()).filter(Boolean)),
    ];
    if (keys.length === 0) return [];
    const { rows } = await sql<PersonRow>`
      SELECT u.id, u.display_name AS name, u.handle FROM app_user u
       WHERE u.active AND (lower(u.handle) = ANY(${keys}::text[])
          OR lower(split_part(u.display_name, ' ', 1)) = ANY(${keys}::text[])
          OR lower(u.display_name) = ANY(${keys}::text[]))
       ORDER BY u.display_name, u.id LIMIT 20`.execute(this.db);
    return rows;
  }

  /** A decision for an answer card, if the reader may read it, with its actions and successor. */
  async decisionAnswer(reader: Reader, id: string): Promise<DecisionAnswerRow | undefined> {
    const {
      rows: [row],
    } = await sql<DecisionAnswerRow>`
      SELECT d.id, d.title, d.statement, d.rationale, d.status,
        to_char(COALESCE(d.decided_on, d.created_at::date), 'YYYY-MM-DD') AS date,
        json_build_object('id', u.id, 'name', u.display_name) AS "decidedBy",
        t.id AS "threadId", COALESCE(p.prompt, t.title) AS "threadTitle",
        s.id AS "supersededById", s.title AS "supersededByTitle",
        COALESCE((SELECT json_agg(json_build_object('id', a.id, 'title', a.title, 'status', a.status,
            'ownerId', a.owner_id, 'ownerName', o.display_name, 'dueOn', to_char(a.due_on, 'YYYY-MM-DD'))
            ORDER BY a.created_at, a.id)
          FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
          WHERE a.id IN (${linkedIds('action', 'decision', id)})
            AND ${visibleFollowUp('a', 'action', reader.id, reader.admin)}), '[]') AS actions
      FROM decision d
      LEFT JOIN app_user u ON u.id = COALESCE(d.decided_by, d.created_by)
      LEFT JOIN thread t ON t.id = d.thread_id
      LEFT JOIN discussion_prompt p ON p.id = t.prompt_id
      LEFT JOIN LATERAL (SELECT n.id, n.title FROM decision n
        WHERE n.supersedes_id = d.id AND ${visibleFollowUp('n', 'decision', reader.id, reader.admin)}
        ORDER BY n.created_at DESC LIMIT 1) s ON true
      WHERE d.id = ${id} AND ${visibleFollowUp('d', 'decision', reader.id, reader.admin)}`.execute(
      this.db,
    );
    return row;
  }

  /** An action for an answer card, if the reader may read it. */
  async actionAnswer(reader: Reader, id: string): Promise<ActionAnswerRow | undefined> {
    const {
      rows: [row],
    } = await sql<ActionAnswerRow>`
      SELECT a.id, a.title, a.description, a.status, to_char(a.created_at, 'YYYY-MM-DD') AS date,
        to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
        json_build_object('id', o.id, 'name', o.display_name) AS owner
      FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id
      WHERE a.id = ${id} AND ${visibleFollowUp('a', 'action', reader.id, reader.admin)}`.execute(
      this.db,
    );
    return row;
  }

  /** A comment for an answer card, if the reader may read its briefing. */
  async commentAnswer(reader: Reader, id: string): Promise<CommentAnswerRow | undefined> {
    const {
      rows: [row],
    } = await sql<CommentAnswerRow>`
      SELECT c.id, c.body, to_char(c.created_at, 'YYYY-MM-DD') AS date,
        json_build_object('id', u.id, 'name', u.display_name) AS author,
        t.id AS "threadId", COALESCE(p.prompt, t.title) AS "threadTitle"
      FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
      LEFT JOIN app_user u ON u.id = c.author_id LEFT JOIN discussion_prompt p ON p.id = t.prompt_id
      WHERE c.id = ${id} AND c.deleted_at IS NULL
        AND ${visibleBriefing('b', reader.id, reader.admin)}`.execute(this.db);
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
