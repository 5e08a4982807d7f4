import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import type { QueryResultRow } from 'pg';
import { visibleBriefing, visibleBriefingSql, type Reader } from '../access/visibility.js';
import { Database, type DB } from '../database/database.js';
import { preparedQuery } from '../database/prepared-query.js';
import { recordDomainEvents } from '../domain-events/domain-events.js';
import type {
  CommentDto,
  PersonDto,
  RevisionDto,
  ThreadDto,
  ThreadSummaryDto,
} from './discussions.dto.js';
import type { ServerEventPayload, ThreadEventName } from '../realtime/socket-events.js';
import type { ThreadState } from './thread.entity.js';
import { shortTitleOf } from './thread-short-title.js';

/** A notification just written for one recipient, to push to their sockets after commit. */
export interface NewNotification {
  id: string;
  userId: string;
  kind: 'mention' | 'reply' | 'activity';
  createdAt: string;
}

/** A thread timeline event as `thread_event` stores it: its socket payload less threadId and seq. */
export type ThreadEvent = {
  [E in ThreadEventName]: {
    type: E;
    threadId: string;
    seq: number;
    payload: Omit<ServerEventPayload<E>, 'threadId' | 'seq'>;
  };
}[ThreadEventName];

/** A comment created, edited, reacted to or deleted: the event carries the comment as it now is. */
export type CommentThreadEvent = Exclude<ThreadEvent, { type: 'thread.updated' | 'system.note' }>;

export interface AppendCommentInput {
  comment: Omit<CommentDto, 'seq'>;
  /** The caller: their effective admin flag decides whether they may post to the thread. */
  author: Reader;
  mentionedUserIds: string[];
  idempotency?: { key: string; fingerprint: string };
}

export interface AppendedComment {
  comment: CommentDto;
  event: ThreadEvent;
  notifications: NewNotification[];
  threadTitle: string;
}

interface PendingAppend {
  input: AppendCommentInput;
  resolve(result: AppendedComment | undefined): void;
  reject(error: unknown): void;
}

/** Posts waiting for one thread's next group write; more than this wait for the one after. */
const MAX_GROUP = 64;

const PERSON = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name, 'handle', ${alias}.handle) END`;

const COMMENT_COLUMNS = `c.id, c.thread_id AS "threadId", c.parent_id AS "parentId", c.seq::int AS seq,
  CASE WHEN c.deleted_at IS NULL THEN c.body END AS body,
  CASE WHEN c.deleted_at IS NULL THEN c.body_html END AS "bodyHtml",
  ${PERSON('u')} AS author,
  to_json(c.created_at) #>> '{}' AS "createdAt", to_json(c.edited_at) #>> '{}' AS "editedAt", to_json(c.deleted_at) #>> '{}' AS "deletedAt",
  COALESCE((SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.n, 'userIds', r.users) ORDER BY r.emoji)
              FROM (SELECT emoji, count(*)::int AS n, array_agg(user_id ORDER BY created_at) AS users
                      FROM comment_reaction WHERE comment_id = c.id GROUP BY emoji) r), '[]') AS reactions`;

export const SYSTEM_NOTE = 'system.note';

/** What happened, as stored in `thread_event.payload` and sent (with threadId and seq) to the room. */
export interface ThreadNotePayload {
  kind: 'action.status' | 'decision.status' | 'thread.state';
  actionId?: string;
  decisionId?: string;
  /** `thread.state` notes: the outcome the thread was resolved with. */
  outcome?: string | null;
  /** Null when some readers of the thread may not read the action or decision. */
  title: string | null;
  from: string | null;
  to: string;
  by: { id: string; displayName: string } | null;
  at: string;
}

/** A thread note as stored: the event's payload with its thread and seq. */
export type ThreadNoteRow = ThreadNotePayload & { threadId: string; seq: number };

/** The only door to the discussion tables. Writes that create thread events run in one transaction each. */
@Injectable()
export class DiscussionsRepository {
  /** Posts waiting per thread; a thread is present while its writes are being drained. */
  private readonly appendQueues = new Map<string, PendingAppend[]>();

  constructor(private readonly db: Database) {}

  /** A thread the reader may read, with what the thread page shows on top; undefined otherwise. */
  async findThread(reader: Reader, threadId: string): Promise<ThreadDto | undefined> {
    const { rows } = await sql<ThreadDto>`
      SELECT t.id, json_build_object('id', b.id, 'slug', b.slug, 'title', b.title, 'publishedOn', to_char(b.published_on, 'YYYY-MM-DD')) AS briefing,
             CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'prompt', p.prompt) END AS prompt,
             CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object('id', i.id, 'title', i.title, 'body', i.body) END AS item,
             COALESCE((SELECT json_agg(json_build_object('id', si.id, 'title', si.title, 'body', si.body) ORDER BY si.position)
                         FROM item si WHERE p.id IS NOT NULL AND si.section_id = p.section_id), '[]') AS items,
             t.title, t.short_title AS "shortTitle", t.state, t.outcome, t.last_seq::int AS "lastSeq", t.comment_count AS "commentCount",
             t.created_by AS "createdBy",
             EXISTS (SELECT 1 FROM thread_follow f WHERE f.thread_id = t.id AND f.user_id = ${reader.id}) AS following,
             (SELECT r.last_seq::int FROM thread_read r WHERE r.thread_id = t.id AND r.user_id = ${reader.id}) AS "lastReadSeq",
             to_json(t.created_at) #>> '{}' AS "createdAt", to_json(t.updated_at) #>> '{}' AS "updatedAt"
        FROM thread t
        JOIN briefing b ON b.id = t.briefing_id
        LEFT JOIN discussion_prompt p ON p.id = t.prompt_id
        LEFT JOIN item i ON i.id = t.item_id
       WHERE t.id = ${threadId} AND ${visibleBriefing('b', reader.id, reader.admin)}`.execute(
      this.db,
    );
    return rows[0];
  }

  /** Whether a reader may read a thread (the socket join and notification checks). */
  async canRead(reader: Reader, threadId: string): Promise<boolean> {
    const visible = await this.db
      .selectFrom('thread as t')
      .innerJoin('briefing as b', 'b.id', 't.briefing_id')
      .select('t.id')
      .where('t.id', '=', threadId)
      .where(visibleBriefing('b', reader.id, reader.admin))
      .executeTakeFirst();
    return visible !== undefined;
  }

  async comments(threadId: string, afterSeq: number, limit: number): Promise<CommentDto[]> {
    const { rows } = await sql<CommentDto>`
      SELECT ${sql.raw(COMMENT_COLUMNS)} FROM comment c LEFT JOIN app_user u ON u.id = c.author_id
       WHERE c.thread_id = ${threadId} AND c.seq > ${afterSeq} ORDER BY c.seq LIMIT ${limit}`.execute(
      this.db,
    );
    return rows;
  }

  async comment(
    commentId: string,
    reader: Reader,
  ): Promise<(CommentDto & { authorId: string | null; threadState: ThreadState }) | undefined> {
    const { rows } = await sql<CommentDto & { authorId: string | null; threadState: ThreadState }>`
      SELECT ${sql.raw(COMMENT_COLUMNS)}, c.author_id AS "authorId", t.state AS "threadState"
        FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
        LEFT JOIN app_user u ON u.id = c.author_id
       WHERE c.id = ${commentId} AND ${visibleBriefing('b', reader.id, reader.admin)}`.execute(
      this.db,
    );
    return rows[0];
  }

  events(threadId: string, afterSeq: number, limit: number): Promise<ThreadEvent[]> {
    return (
      this.db
        .selectFrom('thread_event')
        .select(['type', 'thread_id as threadId', sql<number>`seq::int`.as('seq'), 'payload'])
        .where('thread_id', '=', threadId)
        .where('seq', '>', String(afterSeq))
        .orderBy('seq')
        .limit(limit)
        // `type` and `payload` are written only by recordEvent below, from a ThreadEvent.
        .$castTo<ThreadEvent>()
        .execute()
    );
  }

  async idempotentResponse(
    userId: string,
    key: string,
  ): Promise<{ fingerprint: string; status: number; response: unknown } | undefined> {
    return this.db
      .selectFrom('idempotency_key')
      .select(['fingerprint', 'status', 'response'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  /** Users (by @handle) who may read the thread: the only ones a mention reaches. */
  async mentionable(
    threadId: string,
    handles: string[],
  ): Promise<Array<{ id: string; handle: string }>> {
    if (handles.length === 0) return [];
    const { rows } = await sql<{ id: string; handle: string }>`
      SELECT u.id, lower(u.handle) AS handle FROM app_user u, thread t JOIN briefing b ON b.id = t.briefing_id
       WHERE t.id = ${threadId} AND u.active AND lower(u.handle) = ANY(${handles}::text[])
         AND ${visibleBriefing('b', sql.ref('u.id'))}`.execute(this.db);
    return rows;
  }

  async searchUsers(prefix: string): Promise<PersonDto[]> {
    const pattern = prefix.toLowerCase().replace(/[%_\\]/g, '\\$&');
    return this.db
      .selectFrom('app_user as u')
      .select(['u.id', 'u.display_name as displayName', 'u.handle'])
      .where('u.active', '=', true)
      .where((eb) =>
        eb.or([
          eb(sql`lower(u.handle)`, 'like', sql<string>`${pattern} || '%'`),
          eb('u.email', 'like', sql<string>`${pattern} || '%'`),
          eb(sql`lower(u.display_name)`, 'like', sql<string>`'%' || ${pattern} || '%'`),
        ]),
      )
      .orderBy(sql`lower(u.display_name)`)
      .limit(10)
      .execute();
  }

  /** A thread's system notes, oldest first (see ThreadNotes); undefined when the reader may not read the thread. */
  async notes(reader: Reader, threadId: string): Promise<ThreadNoteRow[] | undefined> {
    if (!(await this.canRead(reader, threadId))) return undefined;
    const { rows } = await sql<{ note: ThreadNoteRow }>`
      SELECT e.payload || jsonb_build_object('threadId', e.thread_id, 'seq', e.seq) AS note
        FROM thread_event e WHERE e.thread_id = ${threadId} AND e.type = ${SYSTEM_NOTE} ORDER BY e.seq LIMIT 1000`.execute(
      this.db,
    );
    return rows.map((row) => row.note);
  }

  /** Appends one note per thread inside `trx`; threads are locked in id order (no deadlocks). */
  async appendNotes(
    trx: Kysely<DB>,
    notes: Array<{ threadId: string; payload: ThreadNotePayload }>,
  ): Promise<Array<{ threadId: string; seq: number }>> {
    const appended: Array<{ threadId: string; seq: number }> = [];
    for (const note of [...notes].sort((a, b) => a.threadId.localeCompare(b.threadId))) {
      const { rows } = await sql<{ seq: number }>`
        WITH next AS (
          UPDATE thread SET last_seq = last_seq + 1 WHERE id = ${note.threadId} RETURNING id, last_seq
        )
        INSERT INTO thread_event (thread_id, seq, type, payload)
        SELECT next.id, next.last_seq, ${SYSTEM_NOTE}, ${JSON.stringify(note.payload)}::jsonb FROM next
        RETURNING seq::int AS seq`.execute(trx);
      if (rows[0]) appended.push({ threadId: note.threadId, seq: rows[0].seq });
    }
    return appended;
  }

  /**
   * Appends a comment, atomically with its event, its domain event (the outbox that feeds webhooks
   * and e-mail), the author's follow, the notifications and the idempotency answer. Posts to one thread that arrive while its previous write is in flight are
   * written together by ONE statement (group commit: one round trip, one thread-row lock, one WAL
   * flush for the group), each still taking the next seq in arrival order. Resolves undefined,
   * writing nothing for that post, when the thread is not visible to the author or the parent is
   * not a comment of this thread (the caller tells which).
   */
  appendComment(input: AppendCommentInput): Promise<AppendedComment | undefined> {
    return new Promise((resolve, reject) => {
      const threadId = input.comment.threadId;
      const queue = this.appendQueues.get(threadId);
      if (queue) {
        queue.push({ input, resolve, reject });
        return;
      }
      this.appendQueues.set(threadId, [{ input, resolve, reject }]);
      // Wait for the rest of this event-loop turn: requests parsed alongside join the first group.
      setImmediate(() => void this.drainAppends(threadId));
    });
  }

  /** One group write at a time per thread (the row lock would serialise them anyway), until none wait. */
  private async drainAppends(threadId: string): Promise<void> {
    const queue = this.appendQueues.get(threadId) as PendingAppend[];
    while (queue.length > 0) {
      const group = queue.splice(0, MAX_GROUP);
      if (group.length === 1) await this.settle(group[0]);
      else {
        let results: Array<AppendedComment | undefined> | undefined;
        try {
          results = await this.appendGroup(
            threadId,
            group.map((pending) => pending.input),
          );
        } catch {
          // One post can fail the group (a concurrent retry's Idempotency-Key, say): write each
          // alone, so every caller gets its own answer or error and the others are unaffected.
        }
        if (results) group.forEach((pending, i) => pending.resolve(results[i]));
        else for (const pending of group) await this.settle(pending);
      }
    }
    this.appendQueues.delete(threadId);
  }

  private async settle(pending: PendingAppend): Promise<void> {
    try {
      pending.resolve(await this.appendOne(pending.input));
    } catch (error) {
      pending.reject(error);
    }
  }

  /**
   * One post in ONE statement: it takes the thread's next seq (the row lock orders concurrent
   * writers and is held only for this statement), inserts the comment, its event, the author's
   * follow, the notifications and the idempotency answer.
   */
  private async appendOne(input: AppendCommentInput): Promise<AppendedComment | undefined> {
    const { comment } = input;
    const rows: Array<{ seq: number; title: string; notified: NewNotification[] }> =
      await this.prepared(
        'append-comment',
        `WITH next AS (
         UPDATE thread t SET last_seq = last_seq + 1, comment_count = comment_count + 1, updated_at = now()
          WHERE t.id = $1
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM comment p WHERE p.id = $3 AND p.thread_id = $1))
            AND EXISTS (SELECT 1 FROM briefing b WHERE b.id = t.briefing_id AND ${visibleBriefingSql('b', '$4', '$12')})
         RETURNING t.last_seq::int AS seq, t.briefing_id, t.short_title AS title
       ), created AS (
         INSERT INTO comment (id, thread_id, parent_id, seq, author_id, body, body_html, created_at)
         SELECT $2, $1, $3, next.seq, $4, $5, $6, $7 FROM next RETURNING seq
       ), event AS (
         INSERT INTO thread_event (thread_id, seq, type, payload, created_at)
         SELECT $1, created.seq, 'comment.created', jsonb_set($8::jsonb, '{comment,seq}', to_jsonb(created.seq)), $7 FROM created
       ), announced AS (
         INSERT INTO domain_event (type, payload)
         SELECT 'comment.created', jsonb_build_object('type', 'comment.created', 'commentId', $2::uuid, 'threadId', $1::uuid) FROM created
       ), followed AS (
         INSERT INTO thread_follow (thread_id, user_id) SELECT $1, $4 FROM next ON CONFLICT DO NOTHING
       ), recipients AS (
         SELECT unnest($9::uuid[]) AS user_id, 'mention' AS kind, 1 AS rank
         UNION ALL SELECT author_id, 'reply', 2 FROM comment WHERE id = $3 AND author_id IS NOT NULL
         UNION ALL SELECT user_id, 'activity', 3 FROM thread_follow WHERE thread_id = $1
       ), notified AS (
         INSERT INTO notification (user_id, kind, thread_id, comment_id, actor_id)
         SELECT r.user_id, r.kind, $1, $2, $4
           FROM (SELECT DISTINCT ON (user_id) user_id, kind FROM recipients WHERE user_id <> $4 ORDER BY user_id, rank) r
           JOIN next ON true JOIN briefing b ON b.id = next.briefing_id
          WHERE ${visibleBriefingSql('b', 'r.user_id')}
         RETURNING id, user_id, kind, to_json(created_at) #>> '{}' AS created_at
       ), remembered AS (
         INSERT INTO idempotency_key (user_id, key, fingerprint, status, response)
         SELECT $4, $10, $11, 201, jsonb_set($8::jsonb -> 'comment', '{seq}', to_jsonb(created.seq)) FROM created WHERE $10::text IS NOT NULL
       )
       SELECT created.seq::int AS seq, (SELECT title FROM next) AS title,
              COALESCE((SELECT json_agg(json_build_object('id', id, 'userId', user_id, 'kind', kind, 'createdAt', created_at)) FROM notified), '[]') AS notified
         FROM created`,
        [
          comment.threadId,
          comment.id,
          comment.parentId,
          input.author.id,
          comment.body,
          comment.bodyHtml,
          comment.createdAt,
          JSON.stringify({ comment }),
          input.mentionedUserIds,
          input.idempotency?.key ?? null,
          input.idempotency?.fingerprint ?? null,
          input.author.admin,
        ],
      );
    const row = rows[0];
    return row && appended(comment, row);
  }

  /**
   * Several posts to one thread in ONE statement, the same writes as appendOne for each: the thread
   * row is locked once and its seq advanced by the number of posts that pass their checks, which
   * take consecutive seqs in arrival order. Each post also notifies the authors of the earlier
   * posts in the group (they follow the thread from this statement on, like sequential posts).
   */
  private async appendGroup(
    threadId: string,
    inputs: AppendCommentInput[],
  ): Promise<Array<AppendedComment | undefined>> {
    const rows: Array<{ ord: number; seq: number; title: string; notified: NewNotification[] }> =
      await this.prepared(
        'append-comments',
        `WITH input AS (
         SELECT x.ord, x.author_id, x.author_admin, x.mentioned, x.idempotency_key, x.fingerprint, x.comment,
                (x.comment ->> 'id')::uuid AS id, (x.comment ->> 'parentId')::uuid AS parent_id
           FROM jsonb_to_recordset($2::jsonb)
             AS x(ord int, author_id uuid, author_admin boolean, mentioned jsonb, idempotency_key text, fingerprint text, comment jsonb)
       ), valid AS (
         SELECT i.*, row_number() OVER (ORDER BY i.ord)::int AS n
           FROM input i JOIN thread t ON t.id = $1 JOIN briefing b ON b.id = t.briefing_id
          WHERE (i.parent_id IS NULL OR EXISTS (SELECT 1 FROM comment p WHERE p.id = i.parent_id AND p.thread_id = $1))
            AND ${visibleBriefingSql('b', 'i.author_id', 'i.author_admin')}
       ), next AS (
         UPDATE thread t SET last_seq = last_seq + g.n, comment_count = comment_count + g.n, updated_at = now()
           FROM (SELECT count(*)::int AS n FROM valid) g
          WHERE t.id = $1 AND g.n > 0
         RETURNING (t.last_seq - g.n)::int AS base, t.briefing_id, t.short_title AS title
       ), numbered AS (
         SELECT v.*, next.base + v.n AS seq, jsonb_set(v.comment, '{seq}', to_jsonb(next.base + v.n)) AS dto
           FROM valid v CROSS JOIN next
       ), created AS (
         INSERT INTO comment (id, thread_id, parent_id, seq, author_id, body, body_html, created_at)
         SELECT id, $1, parent_id, seq, author_id, comment ->> 'body', comment ->> 'bodyHtml', (comment ->> 'createdAt')::timestamptz
           FROM numbered ORDER BY seq
       ), event AS (
         INSERT INTO thread_event (thread_id, seq, type, payload, created_at)
         SELECT $1, seq, 'comment.created', jsonb_build_object('comment', dto), (comment ->> 'createdAt')::timestamptz
           FROM numbered ORDER BY seq
       ), announced AS (
         INSERT INTO domain_event (type, payload)
         SELECT 'comment.created', jsonb_build_object('type', 'comment.created', 'commentId', id, 'threadId', $1::uuid)
           FROM numbered ORDER BY seq
       ), followed AS (
         INSERT INTO thread_follow (thread_id, user_id) SELECT DISTINCT $1::uuid, author_id FROM numbered ON CONFLICT DO NOTHING
       ), recipients AS (
         SELECT v.n, m.user_id::uuid AS user_id, 'mention' AS kind, 1 AS rank
           FROM numbered v CROSS JOIN LATERAL jsonb_array_elements_text(v.mentioned) AS m(user_id)
         UNION ALL SELECT v.n, p.author_id, 'reply', 2 FROM numbered v JOIN comment p ON p.id = v.parent_id WHERE p.author_id IS NOT NULL
         UNION ALL SELECT v.n, f.user_id, 'activity', 3 FROM numbered v JOIN thread_follow f ON f.thread_id = $1
         UNION ALL SELECT v.n, e.author_id, 'activity', 3 FROM numbered v JOIN numbered e ON e.n < v.n
       ), notified AS (
         INSERT INTO notification (user_id, kind, thread_id, comment_id, actor_id)
         SELECT r.user_id, r.kind, $1, v.id, v.author_id
           FROM (SELECT DISTINCT ON (n, user_id) n, user_id, kind FROM recipients ORDER BY n, user_id, rank) r
           JOIN numbered v ON v.n = r.n
           JOIN next ON true JOIN briefing b ON b.id = next.briefing_id
          WHERE r.user_id <> v.author_id AND ${visibleBriefingSql('b', 'r.user_id')}
         RETURNING id, user_id, kind, comment_id, to_json(created_at) #>> '{}' AS created_at
       ), remembered AS (
         INSERT INTO idempotency_key (user_id, key, fingerprint, status, response)
         SELECT author_id, idempotency_key, fingerprint, 201, dto FROM numbered WHERE idempotency_key IS NOT NULL
       )
       SELECT v.ord, v.seq, (SELECT title FROM next) AS title, COALESCE(
                (SELECT json_agg(json_build_object('id', id, 'userId', user_id, 'kind', kind, 'createdAt', created_at))
                   FROM notified WHERE comment_id = v.id), '[]') AS notified
         FROM numbered v`,
        [
          threadId,
          JSON.stringify(
            inputs.map((input, ord) => ({
              ord,
              author_id: input.author.id,
              author_admin: input.author.admin,
              mentioned: input.mentionedUserIds,
              idempotency_key: input.idempotency?.key ?? null,
              fingerprint: input.idempotency?.fingerprint ?? null,
              comment: input.comment,
            })),
          ),
        ],
      );
    const results: Array<AppendedComment | undefined> = inputs.map(() => undefined);
    for (const row of rows) {
      results[row.ord] = appended(inputs[row.ord].comment, row);
    }
    return results;
  }

  editComment(
    commentId: string,
    editorId: string,
    body: string,
    bodyHtml: string,
  ): Promise<CommentThreadEvent> {
    return this.db.transaction().execute(async (trx) => {
      // NO KEY: a reply being written holds the thread row and key-shares this one; a full FOR
      // UPDATE here, then waiting for the thread row, would deadlock with it.
      const before = await trx
        .selectFrom('comment')
        .select(['thread_id', 'body'])
        .where('id', '=', commentId)
        .forNoKeyUpdate()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('comment_revision')
        .values({ comment_id: commentId, body: before.body, editor_id: editorId })
        .execute();
      await trx
        .updateTable('comment')
        .set({ body, body_html: bodyHtml, edited_at: sql`now()` })
        .where('id', '=', commentId)
        .execute();
      return this.commentEvent(trx, before.thread_id, commentId, 'comment.updated');
    });
  }

  deleteComment(commentId: string): Promise<CommentThreadEvent> {
    return this.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .updateTable('comment')
        .set({ deleted_at: sql`now()` })
        .where('id', '=', commentId)
        .returning('thread_id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('thread')
        .set({ comment_count: sql`comment_count - 1` })
        .where('id', '=', deleted.thread_id)
        .execute();
      await trx.deleteFrom('comment_reaction').where('comment_id', '=', commentId).execute();
      return this.commentEvent(trx, deleted.thread_id, commentId, 'comment.deleted');
    });
  }

  /** Adds or removes one reaction; undefined when nothing changed (no event). */
  react(
    commentId: string,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<CommentThreadEvent | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const comment = await trx
        .selectFrom('comment')
        .select('thread_id')
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow();
      const changed = on
        ? (
            await trx
              .insertInto('comment_reaction')
              .values({ comment_id: commentId, user_id: userId, emoji })
              .onConflict((conflict) => conflict.doNothing())
              .executeTakeFirst()
          ).numInsertedOrUpdatedRows
        : (
            await trx
              .deleteFrom('comment_reaction')
              .where('comment_id', '=', commentId)
              .where('user_id', '=', userId)
              .where('emoji', '=', emoji)
              .executeTakeFirst()
          ).numDeletedRows;
      if (!changed) return undefined;
      return this.commentEvent(trx, comment.thread_id, commentId, 'comment.updated');
    });
  }

  async revisions(commentId: string): Promise<RevisionDto[]> {
    const { rows } = await sql<RevisionDto>`
      SELECT r.body, to_json(r.replaced_at) #>> '{}' AS "replacedAt", ${sql.raw(PERSON('u'))} AS editor
        FROM comment_revision r LEFT JOIN app_user u ON u.id = r.editor_id
       WHERE r.comment_id = ${commentId} ORDER BY r.id`.execute(this.db);
    return rows;
  }

  /**
   * Moves the thread to `state` and leaves a `thread.state` note in its timeline ("resolved by …
   * with outcome …"), both in one transaction; the note takes the seq after the change's.
   */
  setState(
    threadId: string,
    state: ThreadState,
    outcome: string | null,
    by: { id: string; displayName: string },
  ): Promise<ThreadEvent[]> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('thread')
        .select(['state', 'outcome'])
        .where('id', '=', threadId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const seq = await this.nextSeq(trx, threadId, 0);
      const thread = await trx
        .updateTable('thread')
        .set({ state, outcome })
        .where('id', '=', threadId)
        .returning(['outcome', sql<string>`to_json(updated_at) #>> '{}'`.as('updatedAt')])
        .executeTakeFirstOrThrow();
      const noted = before.state !== state || before.outcome !== outcome;
      if (state === 'resolved' && noted)
        await recordDomainEvents(trx, [{ type: 'thread.resolved', threadId, actorId: by.id }]);
      const changed = await this.recordEvent(trx, {
        type: 'thread.updated',
        threadId,
        seq,
        // The note below takes the next seq: the thread's last once this commits.
        payload: { thread: { state, ...thread, lastSeq: noted ? seq + 1 : seq } },
      });
      if (!noted) return [changed];
      const payload: ThreadNotePayload = {
        kind: 'thread.state',
        title: null,
        from: before.state,
        to: state,
        outcome,
        by,
        at: new Date().toISOString(),
      };
      const [note] = await this.appendNotes(trx, [{ threadId, payload }]);
      return [changed, { type: 'system.note', threadId, seq: note.seq, payload }];
    });
  }

  /** An editor's short title; it outlives re-imports of the prompt. */
  async setShortTitle(threadId: string, shortTitle: string): Promise<void> {
    await this.db
      .updateTable('thread')
      .set({ short_title: shortTitle, short_title_edited: true })
      .where('id', '=', threadId)
      .execute();
  }

  /** The thread on an item, created on first request; `created` tells which. */
  async itemThread(
    reader: Reader,
    itemId: string,
  ): Promise<{ threadId: string; created: boolean } | undefined> {
    const item = await this.db
      .selectFrom('item as i')
      .innerJoin('briefing as b', 'b.id', 'i.briefing_id')
      .select(['i.id', 'i.title', 'i.briefing_id'])
      .where('i.id', '=', itemId)
      .where(visibleBriefing('b', reader.id, reader.admin))
      .executeTakeFirst();
    if (!item) return undefined;
    const inserted = await this.db
      .insertInto('thread')
      .values({
        briefing_id: item.briefing_id,
        item_id: item.id,
        title: item.title,
        short_title: shortTitleOf(item.title),
        created_by: reader.id,
      })
      .onConflict((conflict) =>
        conflict.column('item_id').where('item_id', 'is not', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { threadId: inserted.id, created: true };
    const existing = await this.db
      .selectFrom('thread')
      .select('id')
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    return { threadId: existing.id, created: false };
  }

  async follow(threadId: string, userId: string, on: boolean): Promise<void> {
    if (on)
      await this.db
        .insertInto('thread_follow')
        .values({ thread_id: threadId, user_id: userId })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    else
      await this.db
        .deleteFrom('thread_follow')
        .where('thread_id', '=', threadId)
        .where('user_id', '=', userId)
        .execute();
  }

  async markRead(threadId: string, userId: string, seq: number): Promise<void> {
    await this.db
      .insertInto('thread_read')
      .values({ thread_id: threadId, user_id: userId, last_seq: seq })
      .onConflict((conflict) =>
        conflict.columns(['thread_id', 'user_id']).doUpdateSet({
          last_seq: sql`GREATEST(thread_read.last_seq, excluded.last_seq)`,
          read_at: sql`now()`,
        }),
      )
      .execute();
  }

  /** Threads across visible briefings, most recent activity first. */
  async listThreads(
    reader: Reader,
    states: ThreadState[],
    limit: number,
    after?: { updatedAt: string; id: string },
  ): Promise<ThreadSummaryDto[]> {
    const cursor = after
      ? sql`AND (t.updated_at, t.id) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const { rows } = await sql<ThreadSummaryDto>`
      SELECT t.id, t.title, t.short_title AS "shortTitle", t.state, t.outcome, t.comment_count AS "commentCount", t.last_seq::int AS "lastSeq",
             (SELECT r.last_seq::int FROM thread_read r WHERE r.thread_id = t.id AND r.user_id = ${reader.id}) AS "lastReadSeq",
             to_json(t.updated_at) #>> '{}' AS "updatedAt", t.prompt_id IS NOT NULL AS "isPrompt",
             json_build_object('id', b.id, 'slug', b.slug, 'title', b.title, 'publishedOn', to_char(b.published_on, 'YYYY-MM-DD')) AS briefing
        FROM thread t JOIN briefing b ON b.id = t.briefing_id
       WHERE t.state = ANY(${states}::text[]) AND ${visibleBriefing('b', reader.id, reader.admin)} ${cursor}
       ORDER BY t.updated_at DESC, t.id DESC LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  private async nextSeq(trx: Kysely<DB>, threadId: string, commentDelta: number): Promise<number> {
    const row = await trx
      .updateTable('thread')
      .set({
        last_seq: sql`last_seq + 1`,
        comment_count: sql`comment_count + ${commentDelta}`,
        updated_at: sql`now()`,
      })
      .where('id', '=', threadId)
      .returning(sql<number>`last_seq::int`.as('seq'))
      .executeTakeFirstOrThrow();
    return row.seq;
  }

  /**
   * The hot write path runs as a named prepared statement on the pg pool, so PostgreSQL plans its
   * seven-part statement once per connection instead of on every post.
   */
  private prepared<Row extends QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<Row[]> {
    return preparedQuery<Row>(this.db.pool, name, text, values);
  }

  private async commentIn(trx: Kysely<DB>, commentId: string): Promise<CommentDto> {
    const { rows } = await sql<CommentDto>`
      SELECT ${sql.raw(COMMENT_COLUMNS)} FROM comment c LEFT JOIN app_user u ON u.id = c.author_id
       WHERE c.id = ${commentId}`.execute(trx);
    const comment = rows[0];
    if (!comment) throw new Error(`Comment ${commentId} vanished inside its own transaction.`);
    return comment;
  }

  private async commentEvent(
    trx: Kysely<DB>,
    threadId: string,
    commentId: string,
    type: 'comment.created' | 'comment.updated' | 'comment.deleted',
  ): Promise<CommentThreadEvent> {
    const seq = await this.nextSeq(trx, threadId, 0);
    return this.recordEvent(trx, {
      type,
      threadId,
      seq,
      payload: { comment: await this.commentIn(trx, commentId) },
    });
  }

  private async recordEvent<T extends ThreadEvent>(trx: Kysely<DB>, event: T): Promise<T> {
    await trx
      .insertInto('thread_event')
      .values({
        thread_id: event.threadId,
        seq: event.seq,
        type: event.type,
        payload: JSON.stringify(event.payload),
      })
      .execute();
    return event;
  }
}

function appended(
  comment: Omit<CommentDto, 'seq'>,
  row: { seq: number; title: string; notified: NewNotification[] },
): AppendedComment {
  const created: CommentDto = { ...comment, seq: row.seq };
  return {
    comment: created,
    event: {
      type: 'comment.created',
      threadId: comment.threadId,
      seq: row.seq,
      payload: { comment: created },
    },
    notifications: row.notified,
    threadTitle: row.title,
  };
}
