import type { EntityManager } from 'typeorm';

export const SEARCH_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'action',
  'decision',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** What the outbox names: 'prompt' and 'thread' both resolve to 'discussion' documents. */
export type OutboxEntityType =
  'briefing' | 'item' | 'prompt' | 'thread' | 'comment' | 'action' | 'decision';

/**
 * One document in Meilisearch's single index. Dates are also kept as unix seconds so they filter
 * and sort. `title`, `body` and `context` are searched in that order of weight.
 */
export interface SearchDocument {
  /** The primary key: type and id, so ids of different tables can never meet. */
  key: string;
  id: string;
  type: SearchType;
  /** What a hit shows as its title (a comment's thread); not searched. */
  heading: string;
  /** The document's own title; a comment has none (its thread's title is context). */
  title: string;
  body: string;
  context: string;
  url: string;
  date: string | null;
  dateTs: number | null;
  createdTs: number;
  briefingId: string | null;
  briefingSlug: string | null;
  briefingTitle: string | null;
  series: string | null;
  section: string | null;
  tags: string[];
  status: string | null;
  priority: string | null;
  ownerId: string | null;
  ownerName: string | null;
  authorId: string | null;
  authorName: string | null;
  dueOn: string | null;
  /** An action's due date as unix seconds (midnight UTC), for due-date filters. */
  dueTs: number | null;
  /** 'team', or the ids of the groups that may read it; admins read everything. */
  readers: string[];
}

/** The primary key of a type's document. */
export const documentKey = (type: SearchType, id: string): string => `${type}-${id}`;

/** The documents to write and the ids to delete, per type. */
export interface DocumentChanges {
  upserts: Map<SearchType, SearchDocument[]>;
  deletes: Map<SearchType, string[]>;
}

const BRIEFING_READERS = (b: string) => `CASE WHEN ${b}.visibility = 'team' THEN ARRAY['team']
  ELSE COALESCE((SELECT array_agg(bg.group_id::text ORDER BY bg.group_id) FROM briefing_group bg
                 WHERE bg.briefing_id = ${b}.id), '{}') END`;
const BRIEFING_TAGS = (b: string) => `COALESCE((SELECT array_agg(t.name ORDER BY t.name)
  FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = ${b}.id), '{}')`;
const BRIEFING_FIELDS = (b: string) => `${b}.id AS "briefingId", ${b}.slug AS "briefingSlug",
  ${b}.title AS "briefingTitle", ${b}.series, to_char(${b}.published_on, 'YYYY-MM-DD') AS "briefingDate",
  ${BRIEFING_TAGS(b)} AS tags, ${BRIEFING_READERS(b)} AS readers`;

/**
 * Readers of an action or decision: it may be read by whoever may read every briefing it is tied
 * to (see access/visibility.ts), so its groups are the intersection of those briefings' groups.
 */
function followUpReaders(kind: 'action' | 'decision', alias: string): string {
  const tied =
    kind === 'action'
      ? `SELECT DISTINCT vb.id FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
           WHERE vl.owner_type = 'action' AND vl.owner_id = ${alias}.id AND vb.visibility <> 'team'`
      : `SELECT vb.id FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
           WHERE vl.owner_type = 'decision' AND vl.owner_id = ${alias}.id AND vb.visibility <> 'team'
         UNION SELECT vb.id FROM thread vt JOIN briefing vb ON vb.id = vt.briefing_id
           WHERE vt.id = ${alias}.thread_id AND vb.visibility <> 'team'`;
  return `(WITH restricted AS (${tied})
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM restricted) THEN ARRAY['team']
      ELSE COALESCE((SELECT array_agg(bg.group_id::text ORDER BY bg.group_id) FROM briefing_group bg
        WHERE bg.briefing_id IN (SELECT id FROM restricted) GROUP BY bg.group_id
        HAVING count(*) = (SELECT count(*) FROM restricted)), '{}') END)`;
}

/** Tags of the briefings an action or decision is tied to, for the tag filter. */
function followUpTags(kind: 'action' | 'decision', alias: string): string {
  return `COALESCE((SELECT array_agg(DISTINCT t.name) FROM follow_up_link fl
    JOIN briefing_tag bt ON bt.briefing_id = fl.briefing_id JOIN tag t ON t.id = bt.tag_id
    WHERE fl.owner_type = '${kind}' AND fl.owner_id = ${alias}.id), '{}')`;
}

type Row = Record<string, unknown>;

const seconds = (value: unknown): number | null =>
  value === null || value === undefined
    ? null
    : Math.floor(new Date(value as string).getTime() / 1000);
/** A `YYYY-MM-DD` day as unix seconds at midnight UTC: how dates are indexed and filtered. */
export const dateSeconds = (day: string | null): number | null =>
  day ? Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) : null;

function document(type: SearchType, row: Row, fields: Partial<SearchDocument>): SearchDocument {
  const date = (fields.date ?? (row.briefingDate as string | null) ?? null) as string | null;
  return {
    key: documentKey(type, row.id as string),
    id: row.id as string,
    type,
    heading: fields.heading ?? fields.title ?? '',
    title: '',
    body: '',
    context: (row.briefingTitle as string | null) ?? '',
    url: '',
    date,
    dateTs: dateSeconds(date),
    createdTs: seconds(row.createdAt) ?? 0,
    briefingId: (row.briefingId as string | null) ?? null,
    briefingSlug: (row.briefingSlug as string | null) ?? null,
    briefingTitle: (row.briefingTitle as string | null) ?? null,
    series: (row.series as string | null) ?? null,
    section: (row.section as string | null) ?? null,
    tags: (row.tags as string[] | null) ?? [],
    status: null,
    priority: null,
    ownerId: null,
    ownerName: null,
    authorId: null,
    authorName: null,
    dueOn: null,
    dueTs: null,
    readers: (row.readers as string[] | null) ?? [],
    ...fields,
  };
}

/** The only door to SQL for search: reads the current state of whatever the outbox names. */
export class SearchDocuments {
  constructor(private readonly db: EntityManager) {}

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
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM thread WHERE prompt_id = ANY($1::uuid[])`,
        [promptIds],
      );
      threadIds.push(...rows.map((r) => r.id));
    }
    // A briefing's title, tags and visibility are part of everything under it.
    if (briefingIds.length > 0) {
      const [children]: [
        {
          items: string[];
          threads: string[];
          comments: string[];
          actions: string[];
          decisions: string[];
        },
      ] = await this.db.query(
        `SELECT
             ARRAY(SELECT id FROM item WHERE briefing_id = ANY($1::uuid[])) AS items,
             ARRAY(SELECT id FROM thread WHERE briefing_id = ANY($1::uuid[])) AS threads,
             ARRAY(SELECT c.id FROM comment c JOIN thread t ON t.id = c.thread_id WHERE t.briefing_id = ANY($1::uuid[])) AS comments,
             ARRAY(SELECT DISTINCT owner_id FROM follow_up_link WHERE owner_type = 'action' AND briefing_id = ANY($1::uuid[])) AS actions,
             ARRAY(SELECT DISTINCT owner_id FROM follow_up_link WHERE owner_type = 'decision' AND briefing_id = ANY($1::uuid[])
                   UNION SELECT d.id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE t.briefing_id = ANY($1::uuid[])) AS decisions`,
        [briefingIds],
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
    // One connection (the indexer's transaction): the reads run one after another.
    const briefings = briefingIds.length ? await this.briefings(briefingIds) : [];
    const items = itemIds.length ? await this.items([...new Set(itemIds)]) : [];
    const threads = threadIds.length ? await this.threads([...new Set(threadIds)]) : [];
    const comments = commentIds.length ? await this.comments([...new Set(commentIds)]) : [];
    const actions = actionIds.length ? await this.actions([...new Set(actionIds)]) : [];
    const decisions = decisionIds.length ? await this.decisions([...new Set(decisionIds)]) : [];
    settle('briefing', briefingIds, briefings);
    settle('item', itemIds, items);
    settle('discussion', threadIds, threads);
    settle('comment', commentIds, comments);
    settle('action', actionIds, actions);
    settle('decision', decisionIds, decisions);
    return changes;
  }

  /** Every document of a type, in id order, a page at a time (for a full reindex). */
  async *all(type: SearchType, pageSize: number): AsyncGenerator<SearchDocument[]> {
    const table = {
      briefing: 'briefing',
      item: 'item',
      discussion: 'thread',
      comment: 'comment',
      action: 'action_item',
      decision: 'decision',
    }[type];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const ids = rows.map((r) => r.id);
      const load = {
        briefing: () => this.briefings(ids),
        item: () => this.items(ids),
        discussion: () => this.threads(ids),
        comment: () => this.comments(ids),
        action: () => this.actions(ids),
        decision: () => this.decisions(ids),
      }[type];
      yield await load();
    }
  }

  private async briefings(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT b.id, b.title, b.summary, b.author, b.created_at AS "createdAt", ${BRIEFING_FIELDS('b')},
         COALESCE((SELECT string_agg(s.body, E'\\n\\n' ORDER BY s.position) FROM section s
                   WHERE s.briefing_id = b.id AND s.kind = 'takeaway' AND s.body IS NOT NULL), '') AS takeaway
       FROM briefing b WHERE b.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) =>
      document('briefing', row, {
        title: row.title as string,
        body: [row.summary, row.takeaway].filter(Boolean).join('\n\n'),
        context: [row.series, row.author].filter(Boolean).join(' · '),
        url: `/briefings/${row.briefingSlug as string}`,
        authorName: (row.author as string | null) ?? null,
      }),
    );
  }

  private async items(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT i.id, i.title, i.body, s.heading AS section, b.created_at AS "createdAt", ${BRIEFING_FIELDS('b')}
       FROM item i JOIN section s ON s.id = i.section_id JOIN briefing b ON b.id = i.briefing_id
       WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) =>
      document('item', row, {
        title: row.title as string,
        body: (row.body as string | null) ?? '',
        url: `/briefings/${row.briefingSlug as string}#item-${row.id as string}`,
      }),
    );
  }

  private async threads(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT t.id, t.title, t.state, t.outcome, p.prompt, COALESCE(ps.heading, its.heading) AS section,
         t.created_at AS "createdAt", t.created_by AS "authorId", ${BRIEFING_FIELDS('b')}
       FROM thread t JOIN briefing b ON b.id = t.briefing_id
       LEFT JOIN discussion_prompt p ON p.id = t.prompt_id LEFT JOIN section ps ON ps.id = p.section_id
       LEFT JOIN item i ON i.id = t.item_id LEFT JOIN section its ON its.id = i.section_id
       WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) =>
      document('discussion', row, {
        title: ((row.prompt as string | null) ?? (row.title as string)).trim(),
        body: (row.outcome as string | null) ?? '',
        status: row.state as string,
        url: `/threads/${row.id as string}`,
      }),
    );
  }

  private async comments(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT c.id, c.thread_id AS "threadId", c.body, c.created_at AS "createdAt",
         c.author_id AS "authorId", u.display_name AS "authorName", COALESCE(p.prompt, t.title) AS "threadTitle",
         COALESCE(ps.heading, its.heading) AS section, ${BRIEFING_FIELDS('b')}
       FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
       LEFT JOIN app_user u ON u.id = c.author_id
       LEFT JOIN discussion_prompt p ON p.id = t.prompt_id LEFT JOIN section ps ON ps.id = p.section_id
       LEFT JOIN item i ON i.id = t.item_id LEFT JOIN section its ON its.id = i.section_id
       WHERE c.id = ANY($1::uuid[]) AND c.deleted_at IS NULL`,
      [ids],
    );
    return rows.map((row) =>
      document('comment', row, {
        heading: row.threadTitle as string,
        body: row.body as string,
        context: row.threadTitle as string,
        date: new Date(row.createdAt as string).toISOString().slice(0, 10),
        url: `/threads/${row.threadId as string}#comment-${row.id as string}`,
        authorId: row.authorId as string | null,
        authorName: row.authorName as string | null,
      }),
    );
  }

  private async actions(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT a.id, a.title, a.description, a.status, a.priority, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         a.created_at AS "createdAt", a.owner_id AS "ownerId", o.display_name AS "ownerName",
         a.created_by AS "authorId", c.display_name AS "authorName",
         ${followUpTags('action', 'a')} AS tags, ${followUpReaders('action', 'a')} AS readers
       FROM action_item a LEFT JOIN app_user o ON o.id = a.owner_id LEFT JOIN app_user c ON c.id = a.created_by
       WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) =>
      document('action', row, {
        title: row.title as string,
        body: row.description as string,
        context: (row.ownerName as string | null) ?? '',
        date: new Date(row.createdAt as string).toISOString().slice(0, 10),
        url: `/actions/${row.id as string}`,
        status: row.status as string,
        priority: row.priority as string,
        dueOn: row.dueOn as string | null,
        dueTs: dateSeconds(row.dueOn as string | null),
        ownerId: row.ownerId as string | null,
        ownerName: row.ownerName as string | null,
        authorId: row.authorId as string | null,
        authorName: row.authorName as string | null,
      }),
    );
  }

  private async decisions(ids: string[]): Promise<SearchDocument[]> {
    const rows: Row[] = await this.db.query(
      `SELECT d.id, d.title, d.statement, d.rationale, d.alternatives, d.status,
         to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", d.created_at AS "createdAt",
         COALESCE(d.decided_by, d.created_by) AS "ownerId", o.display_name AS "ownerName",
         d.created_by AS "authorId", c.display_name AS "authorName",
         ${followUpTags('decision', 'd')} AS tags, ${followUpReaders('decision', 'd')} AS readers
       FROM decision d LEFT JOIN app_user o ON o.id = COALESCE(d.decided_by, d.created_by)
       LEFT JOIN app_user c ON c.id = d.created_by
       WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) =>
      document('decision', row, {
        title: row.title as string,
        body: [row.statement, row.rationale].filter(Boolean).join('\n\n'),
        context: (row.alternatives as string) ?? '',
        date:
          (row.decidedOn as string | null) ??
          new Date(row.createdAt as string).toISOString().slice(0, 10),
        url: `/decisions/${row.id as string}`,
        status: row.status as string,
        ownerId: row.ownerId as string | null,
        ownerName: row.ownerName as string | null,
        authorId: row.authorId as string | null,
        authorName: row.authorName as string | null,
      }),
    );
  }
}
