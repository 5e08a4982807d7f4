import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AdvisoryLock } from '../database/advisory-locks.js';
import { Database, type DB } from '../database/database.js';
import {
  dateSeconds,
  documentKey,
  type DocumentChanges,
  type OutboxEntityType,
  type SearchDocument,
  type SearchType,
} from './search-documents.js';
import { foldText, indexedText } from './search-text.js';

/** What a document row brings from its briefing (`b`), or, for actions and decisions, only tags and readers. */
interface DocumentRow {
  id: string;
  createdAt: Date;
  briefingId?: string;
  briefingSlug?: string;
  briefingTitle?: string;
  series?: string | null;
  briefingDate?: string;
  section?: string | null;
  tags: string[] | null;
  readers: string[] | null;
}

type BriefingColumns = Required<
  Pick<
    DocumentRow,
    'briefingId' | 'briefingSlug' | 'briefingTitle' | 'series' | 'briefingDate' | 'tags' | 'readers'
  >
>;

interface BriefingDocumentRow extends BriefingColumns {
  id: string;
  title: string;
  summary: string | null;
  author: string | null;
  createdAt: Date;
  takeaway: string;
}

interface ItemDocumentRow extends BriefingColumns {
  id: string;
  title: string;
  body: string | null;
  section: string;
  createdAt: Date;
}

interface ThreadDocumentRow extends BriefingColumns {
  id: string;
  title: string;
  state: string;
  outcome: string | null;
  prompt: string | null;
  section: string | null;
  createdAt: Date;
  authorId: string | null;
}

interface CommentDocumentRow extends BriefingColumns {
  id: string;
  threadId: string;
  body: string;
  createdAt: Date;
  authorId: string | null;
  authorName: string | null;
  threadTitle: string;
  section: string | null;
}

interface FollowUpDocumentRow {
  id: string;
  title: string;
  status: string;
  createdAt: Date;
  ownerId: string | null;
  ownerName: string | null;
  authorId: string | null;
  authorName: string | null;
  tags: string[] | null;
  readers: string[] | null;
}

interface ActionDocumentRow extends FollowUpDocumentRow {
  description: string;
  priority: string;
  dueOn: string | null;
}

interface DecisionDocumentRow extends FollowUpDocumentRow {
  statement: string;
  rationale: string;
  alternatives: string;
  decidedOn: string | null;
}

/** Everything under the named briefings, whose documents carry the briefing's title, tags and visibility. */
interface BriefingChildrenRow {
  items: string[];
  threads: string[];
  comments: string[];
  actions: string[];
  decisions: string[];
}

/** Pages through every document of a type for a full reindex (see holdingIndexerLock). */
export interface DocumentPages {
  all(type: SearchType, pageSize: number): AsyncGenerator<SearchDocument[]>;
}

const BRIEFING_READERS = sql`CASE WHEN b.visibility = 'team' THEN ARRAY['team']
  ELSE COALESCE((SELECT array_agg(bg.group_id::text ORDER BY bg.group_id) FROM briefing_group bg
                 WHERE bg.briefing_id = b.id), '{}') END`;
const BRIEFING_TAGS = sql`COALESCE((SELECT array_agg(t.name ORDER BY t.name)
  FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id), '{}')`;
/** The BriefingColumns of the briefing `b`. */
const BRIEFING_FIELDS = sql`b.id AS "briefingId", b.slug AS "briefingSlug",
  b.title AS "briefingTitle", b.series, to_char(b.published_on, 'YYYY-MM-DD') AS "briefingDate",
  ${BRIEFING_TAGS} AS tags, ${BRIEFING_READERS} AS readers`;

type FollowUpKind = 'action' | 'decision';
/** The follow-up row's alias in its query: `a` for actions, `d` for decisions. */
const FOLLOW_UP_ALIAS = { action: 'a', decision: 'd' } as const;

/**
 * Readers of an action or decision: it may be read by whoever may read every briefing it is tied
 * to (see access/visibility.ts), so its groups are the intersection of those briefings' groups.
 */
function followUpReaders(kind: FollowUpKind): RawBuilder<string[]> {
  const id = sql.ref(`${FOLLOW_UP_ALIAS[kind]}.id`);
  const tied =
    kind === 'action'
      ? sql`SELECT DISTINCT vb.id FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
           WHERE vl.owner_type = 'action' AND vl.owner_id = ${id} AND vb.visibility <> 'team'`
      : sql`SELECT vb.id FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
           WHERE vl.owner_type = 'decision' AND vl.owner_id = ${id} AND vb.visibility <> 'team'
         UNION SELECT vb.id FROM thread vt JOIN briefing vb ON vb.id = vt.briefing_id
           WHERE vt.id = ${sql.ref(`${FOLLOW_UP_ALIAS[kind]}.thread_id`)} AND vb.visibility <> 'team'`;
  return sql<string[]>`(WITH restricted AS (${tied})
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM restricted) THEN ARRAY['team']
      ELSE COALESCE((SELECT array_agg(bg.group_id::text ORDER BY bg.group_id) FROM briefing_group bg
        WHERE bg.briefing_id IN (SELECT id FROM restricted) GROUP BY bg.group_id
        HAVING count(*) = (SELECT count(*) FROM restricted)), '{}') END)`;
}

/** Tags of the briefings an action or decision is tied to, for the tag filter. */
function followUpTags(kind: FollowUpKind): RawBuilder<string[]> {
  return sql<string[]>`COALESCE((SELECT array_agg(DISTINCT t.name) FROM follow_up_link fl
    JOIN briefing_tag bt ON bt.briefing_id = fl.briefing_id JOIN tag t ON t.id = bt.tag_id
    WHERE fl.owner_type = ${sql.lit(kind)} AND fl.owner_id = ${sql.ref(`${FOLLOW_UP_ALIAS[kind]}.id`)}), '{}')`;
}

const seconds = (value: Date): number => Math.floor(new Date(value).getTime() / 1000);
const day = (value: Date): string => new Date(value).toISOString().slice(0, 10);

function document(
  type: SearchType,
  row: DocumentRow,
  fields: Partial<SearchDocument>,
): SearchDocument {
  const date = fields.date ?? row.briefingDate ?? null;
  return {
    key: documentKey(type, row.id),
    id: row.id,
    type,
    heading: fields.heading ?? fields.title ?? '',
    url: '',
    date,
    dateTs: dateSeconds(date),
    createdTs: seconds(row.createdAt),
    briefingId: row.briefingId ?? null,
    briefingSlug: row.briefingSlug ?? null,
    briefingTitle: row.briefingTitle ?? null,
    series: row.series ?? null,
    section: row.section ?? null,
    tags: row.tags ?? [],
    status: null,
    priority: null,
    ownerId: null,
    ownerName: null,
    authorId: null,
    authorName: null,
    dueOn: null,
    dueTs: null,
    readers: row.readers ?? [],
    ...fields,
    // Searched text: look-alike characters folded and Markdown reduced to its words, so
    // "8th‑gen" (U+2011) is found as "8th-gen" and a snippet never shows `**` or `>`.
    title: foldText(fields.title ?? ''),
    body: indexedText(fields.body ?? ''),
    context: foldText(fields.context ?? row.briefingTitle ?? ''),
  };
}

/** The only door to SQL for search documents: reads the current state of whatever the outbox names. */
@Injectable()
export class SearchDocumentsRepository {
  constructor(private readonly db: Database) {}

  /** Current documents for the named entities; what no longer exists (or is a tombstone) is deleted. */
  async load(entities: { type: OutboxEntityType; id: string }[]): Promise<DocumentChanges> {
    const ids = (type: OutboxEntityType) => [
      ...new Set(entities.filter((e) => e.type === type).map((e) => e.id)),
    ];
    const briefingIds = ids('briefing');
    const threadIds = [...ids('thread')];
    const itemIds = [...ids('item')];
    const commentIds = [...ids('comment')];
    const actionIds = [...ids('action')];
    const decisionIds = [...ids('decision')];

    const promptIds = ids('prompt');
    if (promptIds.length > 0) {
      const rows = await this.db
        .selectFrom('thread')
        .select('id')
        .where('prompt_id', '=', sql<string>`ANY(${promptIds}::uuid[])`)
        .execute();
      threadIds.push(...rows.map((r) => r.id));
    }
    // A briefing's title, tags and visibility are part of everything under it.
    if (briefingIds.length > 0) {
      const {
        rows: [children],
      } = await sql<BriefingChildrenRow>`
        SELECT
            ARRAY(SELECT id FROM item WHERE briefing_id = ANY(${briefingIds}::uuid[])) AS items,
            ARRAY(SELECT id FROM thread WHERE briefing_id = ANY(${briefingIds}::uuid[])) AS threads,
            ARRAY(SELECT c.id FROM comment c JOIN thread t ON t.id = c.thread_id WHERE t.briefing_id = ANY(${briefingIds}::uuid[])) AS comments,
            ARRAY(SELECT DISTINCT owner_id FROM follow_up_link WHERE owner_type = 'action' AND briefing_id = ANY(${briefingIds}::uuid[])) AS actions,
            ARRAY(SELECT DISTINCT owner_id FROM follow_up_link WHERE owner_type = 'decision' AND briefing_id = ANY(${briefingIds}::uuid[])
                  UNION SELECT d.id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE t.briefing_id = ANY(${briefingIds}::uuid[])) AS decisions`.execute(
        this.db,
      );
      itemIds.push(...children.items);
      threadIds.push(...children.threads);
      commentIds.push(...children.comments);
      actionIds.push(...children.actions);
      decisionIds.push(...children.decisions);
    }

    const changes: DocumentChanges = { upserts: new Map(), deletes: new Map() };
    const settle = (type: SearchType, wanted: string[], docs: SearchDocument[]) => {
      const unique = [...new Set(wanted)];
      const found = new Set(docs.map((d) => d.id));
      if (docs.length > 0) changes.upserts.set(type, docs);
      const gone = unique.filter((id) => !found.has(id));
      if (gone.length > 0) changes.deletes.set(type, gone);
    };
    // One after another, as on the indexer's one connection before: a drain takes one more, not six.
    const db = this.db;
    const briefings = briefingIds.length ? await this.briefings(db, briefingIds) : [];
    const items = itemIds.length ? await this.items(db, [...new Set(itemIds)]) : [];
    const threads = threadIds.length ? await this.threads(db, [...new Set(threadIds)]) : [];
    const comments = commentIds.length ? await this.comments(db, [...new Set(commentIds)]) : [];
    const actions = actionIds.length ? await this.actions(db, [...new Set(actionIds)]) : [];
    const decisions = decisionIds.length ? await this.decisions(db, [...new Set(decisionIds)]) : [];
    settle('briefing', briefingIds, briefings);
    settle('item', itemIds, items);
    settle('discussion', threadIds, threads);
    settle('comment', commentIds, comments);
    settle('action', actionIds, actions);
    settle('decision', decisionIds, decisions);
    return changes;
  }

  /**
   * Runs `work` on one connection that holds the indexer's lock throughout (a session lock, so
   * live changes wait in the outbox meanwhile); `work` reads its pages on that connection.
   */
  holdingIndexerLock<T>(work: (pages: DocumentPages) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      try {
        await sql`SELECT pg_advisory_lock(${AdvisoryLock.SearchIndexer})`.execute(connection);
        return await work({ all: (type, pageSize) => this.all(connection, type, pageSize) });
      } finally {
        await sql`SELECT pg_advisory_unlock(${AdvisoryLock.SearchIndexer})`
          .execute(connection)
          .catch(() => undefined);
      }
    });
  }

  /** Every document of a type, in id order, a page at a time (for a full reindex). */
  private async *all(
    db: Kysely<DB>,
    type: SearchType,
    pageSize: number,
  ): AsyncGenerator<SearchDocument[]> {
    const table = (
      {
        briefing: 'briefing',
        item: 'item',
        discussion: 'thread',
        comment: 'comment',
        action: 'action_item',
        decision: 'decision',
      } as const
    )[type];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await db
        .selectFrom(table)
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const ids = rows.map((r) => r.id);
      const load = {
        briefing: () => this.briefings(db, ids),
        item: () => this.items(db, ids),
        discussion: () => this.threads(db, ids),
        comment: () => this.comments(db, ids),
        action: () => this.actions(db, ids),
        decision: () => this.decisions(db, ids),
      }[type];
      yield await load();
    }
  }

  private async briefings(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<BriefingDocumentRow>`
      SELECT b.id, b.title, b.summary, b.author, b.created_at AS "createdAt", ${BRIEFING_FIELDS},
        COALESCE((SELECT string_agg(s.body, E'\\n\\n' ORDER BY s.position) FROM section s
                  WHERE s.briefing_id = b.id AND s.kind = 'takeaway' AND s.body IS NOT NULL), '') AS takeaway
      FROM briefing b WHERE b.id = ANY(${ids}::uuid[])`.execute(db);
    return rows.map((row) =>
      document('briefing', row, {
        title: row.title,
        body: [row.summary, row.takeaway].filter(Boolean).join('\n\n'),
        context: [row.series, row.author].filter(Boolean).join(' · '),
        url: `/briefings/${row.briefingSlug}`,
        authorName: row.author ?? null,
      }),
    );
  }

  private async items(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<ItemDocumentRow>`
      SELECT i.id, i.title, i.body, s.heading AS section, b.created_at AS "createdAt", ${BRIEFING_FIELDS}
      FROM item i JOIN section s ON s.id = i.section_id JOIN briefing b ON b.id = i.briefing_id
      WHERE i.id = ANY(${ids}::uuid[])`.execute(db);
    return rows.map((row) =>
      document('item', row, {
        title: row.title,
        body: row.body ?? '',
        url: `/briefings/${row.briefingSlug}#item-${row.id}`,
      }),
    );
  }

  private async threads(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<ThreadDocumentRow>`
      SELECT t.id, t.title, t.state, t.outcome, p.prompt, COALESCE(ps.heading, its.heading) AS section,
        t.created_at AS "createdAt", t.created_by AS "authorId", ${BRIEFING_FIELDS}
      FROM thread t JOIN briefing b ON b.id = t.briefing_id
      LEFT JOIN discussion_prompt p ON p.id = t.prompt_id LEFT JOIN section ps ON ps.id = p.section_id
      LEFT JOIN item i ON i.id = t.item_id LEFT JOIN section its ON its.id = i.section_id
      WHERE t.id = ANY(${ids}::uuid[])`.execute(db);
    return rows.map((row) =>
      document('discussion', row, {
        title: (row.prompt ?? row.title).trim(),
        body: row.outcome ?? '',
        status: row.state,
        url: `/threads/${row.id}`,
      }),
    );
  }

  private async comments(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<CommentDocumentRow>`
      SELECT c.id, c.thread_id AS "threadId", c.body, c.created_at AS "createdAt",
        c.author_id AS "authorId", u.display_name AS "authorName", COALESCE(p.prompt, t.title) AS "threadTitle",
        COALESCE(ps.heading, its.heading) AS section, ${BRIEFING_FIELDS}
      FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
      LEFT JOIN app_user u ON u.id = c.author_id
      LEFT JOIN discussion_prompt p ON p.id = t.prompt_id LEFT JOIN section ps ON ps.id = p.section_id
      LEFT JOIN item i ON i.id = t.item_id LEFT JOIN section its ON its.id = i.section_id
      WHERE c.id = ANY(${ids}::uuid[]) AND c.deleted_at IS NULL`.execute(db);
    return rows.map((row) =>
      document('comment', row, {
        heading: row.threadTitle,
        body: row.body,
        context: row.threadTitle,
        date: day(row.createdAt),
        url: `/threads/${row.threadId}#comment-${row.id}`,
        authorId: row.authorId,
        authorName: row.authorName,
      }),
    );
  }

  private async actions(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<ActionDocumentRow>`
      SELECT a.id, a.title, a.description, a.status, a.priority, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
        a.created_at AS "createdAt", a.owner_id AS "ownerId", o.display_name AS "ownerName",
        a.created_by AS "authorId", c.display_name AS "authorName",
        ${followUpTags('action')} AS tags, ${followUpReaders('action')} AS readers
      FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id LEFT JOIN app_user c ON c.id = a.created_by
      WHERE a.id = ANY(${ids}::uuid[])`.execute(db);
    return rows.map((row) =>
      document('action', row, {
        title: row.title,
        body: row.description,
        context: row.ownerName ?? '',
        date: day(row.createdAt),
        url: `/actions/${row.id}`,
        status: row.status,
        priority: row.priority,
        dueOn: row.dueOn,
        dueTs: dateSeconds(row.dueOn),
        ownerId: row.ownerId,
        ownerName: row.ownerName,
        authorId: row.authorId,
        authorName: row.authorName,
      }),
    );
  }

  private async decisions(db: Kysely<DB>, ids: string[]): Promise<SearchDocument[]> {
    const { rows } = await sql<DecisionDocumentRow>`
      SELECT d.id, d.title, d.statement, d.rationale, d.alternatives, d.status,
        to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", d.created_at AS "createdAt",
        COALESCE(d.decided_by, d.created_by) AS "ownerId", o.display_name AS "ownerName",
        d.created_by AS "authorId", c.display_name AS "authorName",
        ${followUpTags('decision')} AS tags, ${followUpReaders('decision')} AS readers
      FROM decision d LEFT JOIN app_user o ON o.id = COALESCE(d.decided_by, d.created_by)
      LEFT JOIN app_user c ON c.id = d.created_by
      WHERE d.id = ANY(${ids}::uuid[])`.execute(db);
    return rows.map((row) =>
      document('decision', row, {
        title: row.title,
        body: [row.statement, row.rationale].filter(Boolean).join('\n\n'),
        context: row.alternatives,
        date: row.decidedOn ?? day(row.createdAt),
        url: `/decisions/${row.id}`,
        status: row.status,
        ownerId: row.ownerId,
        ownerName: row.ownerName,
        authorId: row.authorId,
        authorName: row.authorName,
      }),
    );
  }
}
