import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { visibleBriefingSql, visibleFollowUpSql } from '../access/visibility.js';
import { Database } from '../database/database.js';
import type { DB } from '../database/schema.js';
import type { Role } from '../users/user.entity.js';
import type { MailKind } from './mail-tokens.js';

export type MailMode = 'immediately' | 'digest' | 'never';

export interface QueuedMail {
  userId: string;
  kind: MailKind;
  threadId?: string | null;
  commentId?: string | null;
  actionId?: string | null;
  decisionId?: string | null;
  actorId?: string | null;
  dueAt: Date;
}

/** A claimed notification e-mail with what its entry shows, read as its recipient may. */
export interface ClaimedMail {
  id: string;
  userId: string;
  kind: MailKind;
  email: string;
  recipientName: string;
  /** The recipient may still read it (and its comment was not deleted); otherwise it is dropped. */
  readable: boolean;
  threadId: string | null;
  threadTitle: string | null;
  commentId: string | null;
  commentBody: string | null;
  actionTitle: string | null;
  actionDueOn: string | null;
  actionId: string | null;
  decisionId: string | null;
  decisionTitle: string | null;
  decisionStatus: string | null;
  decisionStatement: string | null;
  actorName: string | null;
}

@Injectable()
export class NotificationMailRepository {
  constructor(private readonly db: Database) {}

  async preferences(userId: string): Promise<Map<string, MailMode>> {
    const rows = await this.db
      .selectFrom('notification_preference')
      .select(['kind', 'mode'])
      .where('user_id', '=', userId)
      .execute();
    return new Map(rows.map((row) => [row.kind, row.mode as MailMode]));
  }

  async setPreferences(
    userId: string,
    entries: Array<{ kind: string; mode: MailMode }>,
  ): Promise<void> {
    if (!entries.length) return;
    await this.db
      .insertInto('notification_preference')
      .values(entries.map((entry) => ({ user_id: userId, kind: entry.kind, mode: entry.mode })))
      .onConflict((conflict) =>
        conflict
          .columns(['user_id', 'kind'])
          .doUpdateSet({ mode: (eb) => eb.ref('excluded.mode') }),
      )
      .execute();
  }

  /** Each user's chosen mode for `kind` (absent: the default), active accounts only. */
  async modes(userIds: string[], kind: MailKind): Promise<Map<string, MailMode | null>> {
    if (!userIds.length) return new Map();
    const rows = await this.db
      .selectFrom('app_user as u')
      .leftJoin('notification_preference as p', (join) =>
        join.onRef('p.user_id', '=', 'u.id').on('p.kind', '=', kind),
      )
      .select(['u.id', 'p.mode'])
      .where('u.id', 'in', userIds)
      .where('u.active', '=', true)
      .execute();
    return new Map(rows.map((row) => [row.id, (row.mode as MailMode | null) ?? null]));
  }

  async userExists(userId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', userId)
      .executeTakeFirst());
  }

  /** Writes through `trx` (the domain-event relay's transaction). */
  async enqueue(mails: QueuedMail[], trx: Kysely<DB> = this.db): Promise<void> {
    if (!mails.length) return;
    await trx
      .insertInto('notification_email')
      .values(
        mails.map((mail) => ({
          user_id: mail.userId,
          kind: mail.kind,
          thread_id: mail.threadId ?? null,
          comment_id: mail.commentId ?? null,
          action_id: mail.actionId ?? null,
          decision_id: mail.decisionId ?? null,
          actor_id: mail.actorId ?? null,
          due_at: mail.dueAt,
        })),
      )
      .execute();
  }

  /** Who the in-app notifications of a new comment went to, and why (mention, reply, followed thread). */
  commentRecipients(commentId: string): Promise<
    Array<{
      userId: string;
      kind: 'mention' | 'reply' | 'activity';
      threadId: string;
      actorId: string | null;
    }>
  > {
    return this.db
      .selectFrom('notification')
      .select(['user_id as userId', 'kind', 'thread_id as threadId', 'actor_id as actorId'])
      .where('comment_id', '=', commentId)
      .where('kind', 'in', ['mention', 'reply', 'activity'])
      .execute() as Promise<
      Array<{
        userId: string;
        kind: 'mention' | 'reply' | 'activity';
        threadId: string;
        actorId: string | null;
      }>
    >;
  }

  /** A decision's thread and the users following it (the actor aside). */
  async decisionFollowers(
    decisionId: string,
    actorId: string | null,
  ): Promise<{ threadId: string | null; userIds: string[] }> {
    const decision = await this.db
      .selectFrom('decision')
      .select('thread_id')
      .where('id', '=', decisionId)
      .executeTakeFirst();
    if (!decision?.thread_id) return { threadId: null, userIds: [] };
    const rows = await this.db
      .selectFrom('thread_follow')
      .select('user_id')
      .where('thread_id', '=', decision.thread_id)
      .$if(actorId !== null, (query) => query.where('user_id', '<>', actorId as string))
      .execute();
    return { threadId: decision.thread_id, userIds: rows.map((row) => row.user_id) };
  }

  /**
   * Claims up to `limit` due e-mails (marked sent now; `release` puts back those that failed), with
   * what each shows. Read access is judged as the recipient in person, at sending time.
   */
  async claimDue(limit: number, batchMs: number): Promise<ClaimedMail[]> {
    // A recipient with something due also takes their followed-thread news still waiting in the
    // batching window: one e-mail, however the batch's rows were spread in time.
    const { rows } = await sql<ClaimedMail>`
      WITH due_users AS (
        SELECT DISTINCT e.user_id FROM notification_email e WHERE e.sent_at IS NULL AND e.due_at <= now()),
      due AS (
        SELECT e.id FROM notification_email e
         WHERE e.sent_at IS NULL
           AND (e.due_at <= now()
                OR (e.kind = 'activity' AND e.due_at <= now() + ${batchMs} * interval '1 millisecond'
                    AND e.user_id IN (SELECT user_id FROM due_users)))
         ORDER BY e.due_at, e.id LIMIT ${limit} FOR UPDATE SKIP LOCKED),
      claimed AS (
        UPDATE notification_email e SET sent_at = now() FROM due WHERE e.id = due.id
        RETURNING e.*)
      SELECT e.id, e.user_id AS "userId", e.kind, u.email, u.display_name AS "recipientName",
             (u.active AND CASE
               WHEN e.thread_id IS NOT NULL THEN EXISTS (
                 SELECT 1 FROM thread st JOIN briefing sb ON sb.id = st.briefing_id
                  WHERE st.id = e.thread_id AND ${sql.raw(visibleBriefingSql('sb', 'e.user_id'))})
                 AND (e.comment_id IS NULL OR EXISTS (SELECT 1 FROM comment sc WHERE sc.id = e.comment_id AND sc.deleted_at IS NULL))
               WHEN e.action_id IS NOT NULL THEN EXISTS (
                 SELECT 1 FROM action_item sa WHERE sa.id = e.action_id AND ${sql.raw(visibleFollowUpSql('sa', 'action', 'e.user_id'))})
               WHEN e.decision_id IS NOT NULL THEN EXISTS (
                 SELECT 1 FROM decision sd WHERE sd.id = e.decision_id AND ${sql.raw(visibleFollowUpSql('sd', 'decision', 'e.user_id'))})
               ELSE false END) AS readable,
             e.thread_id AS "threadId", t.title AS "threadTitle",
             e.comment_id AS "commentId", c.body AS "commentBody",
             e.action_id AS "actionId", a.title AS "actionTitle", to_char(a.due_on, 'YYYY-MM-DD') AS "actionDueOn",
             e.decision_id AS "decisionId", d.title AS "decisionTitle", d.status AS "decisionStatus", d.statement AS "decisionStatement",
             actor.display_name AS "actorName"
        FROM claimed e JOIN app_user u ON u.id = e.user_id
        LEFT JOIN thread t ON t.id = e.thread_id
        LEFT JOIN comment c ON c.id = e.comment_id
        LEFT JOIN action_item a ON a.id = e.action_id
        LEFT JOIN decision d ON d.id = e.decision_id
        LEFT JOIN app_user actor ON actor.id = e.actor_id
       ORDER BY e.user_id, e.due_at, e.id`.execute(this.db);
    return rows;
  }

  /** Puts e-mails that could not be sent back in the queue, due again after `delayMs`. */
  async release(ids: string[], delayMs: number): Promise<void> {
    if (!ids.length) return;
    await this.db
      .updateTable('notification_email')
      .set({ sent_at: null, due_at: sql<Date>`now() + ${delayMs} * interval '1 millisecond'` })
      .where('id', 'in', ids)
      .execute();
  }

  async nextDue(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('notification_email')
      .select(sql<Date | null>`min(due_at)`.as('due'))
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    return row?.due ? new Date(row.due) : undefined;
  }

  /** The recipient and thread of a sent notification e-mail (a reply address names it). */
  mail(
    id: string,
  ): Promise<{ userId: string; threadId: string | null; commentId: string | null } | undefined> {
    return this.db
      .selectFrom('notification_email')
      .select(['user_id as userId', 'thread_id as threadId', 'comment_id as commentId'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The account a reply posts as. */
  account(userId: string): Promise<
    | {
        id: string;
        email: string;
        displayName: string;
        handle: string;
        role: Role;
        active: boolean;
        createdAt: Date;
      }
    | undefined
  > {
    return this.db
      .selectFrom('app_user')
      .select([
        'id',
        'email',
        'display_name as displayName',
        'handle',
        sql<Role>`role`.as('role'),
        'active',
        'created_at as createdAt',
      ])
      .where('id', '=', userId)
      .executeTakeFirst();
  }
}
