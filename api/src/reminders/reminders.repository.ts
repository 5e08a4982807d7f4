import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleFollowUp } from '../access/visibility.js';
import { Database } from '../database/database.js';
import type { NotificationRow } from '../notifications/notifications.repository.js';
import type { ReminderKind } from './reminder.entity.js';

export interface NewReminderNotification {
  userId: string;
  notification: NotificationRow;
}

export interface PendingEmail {
  id: string;
  kind: ReminderKind;
  subjectId: string | null;
  onDate: string;
  attempts: number;
  userId: string;
  email: string;
  displayName: string;
  action: { title: string; status: string; dueOn: string | null } | null;
  decision: { title: string; status: string; reviewBy: string | null } | null;
}

export interface DigestContent {
  actions: Array<{
    id: string;
    title: string;
    status: string;
    dueOn: string | null;
    overdue: boolean;
    dueSoon: boolean;
  }>;
  reviews: Array<{ id: string; title: string; reviewBy: string }>;
}

/** The only door to the reminder table and the queries that find what came due. */
@Injectable()
export class RemindersRepository {
  constructor(private readonly db: Database) {}

  /**
   * In one statement: finds actions due within a day or overdue, and accepted decisions whose
   * review date has come, for their owner (else creator) and watchers / decider (else proposer) when that user
   * is active and may read them; claims each once per user and date (the unique key) and writes
   * a notification for each newly claimed one.
   */
  async claimDue(today: string, emailing: boolean): Promise<NewReminderNotification[]> {
    const { rows } = await sql<NewReminderNotification>`WITH due AS (
         SELECT CASE WHEN a.due_on < ${today}::date THEN 'action.overdue' ELSE 'action.due_soon' END AS kind,
                a.id AS subject_id, r.user_id, a.due_on AS on_date
           FROM action_item a
           -- The owner (else the creator) and every watcher, each once (UNION).
           CROSS JOIN LATERAL (SELECT COALESCE(a.owner_id, a.created_by)
                               UNION SELECT w.user_id FROM action_watcher w WHERE w.action_id = a.id) AS r(user_id)
          WHERE a.status NOT IN ('done', 'cancelled') AND a.due_on <= ${today}::date + 1 AND r.user_id IS NOT NULL
         UNION ALL
         SELECT 'decision.review_due', d.id, COALESCE(d.decided_by, d.created_by), d.review_by
           FROM decision d WHERE d.status = 'accepted' AND d.review_by <= ${today}::date
       ), eligible AS (
         SELECT due.* FROM due JOIN app_user u ON u.id = due.user_id AND u.active
          WHERE CASE WHEN due.kind = 'decision.review_due'
                  THEN EXISTS (SELECT 1 FROM decision d WHERE d.id = due.subject_id AND ${visibleFollowUp('d', 'decision', sql.ref('u.id'))})
                  ELSE EXISTS (SELECT 1 FROM action_item a WHERE a.id = due.subject_id AND ${visibleFollowUp('a', 'action', sql.ref('u.id'))}) END
       ), claimed AS (
         INSERT INTO reminder (kind, subject_id, user_id, on_date, email_status)
         SELECT kind, subject_id, user_id, on_date, CASE WHEN ${emailing} THEN 'pending' ELSE 'none' END FROM eligible
         ON CONFLICT DO NOTHING
         RETURNING kind, subject_id, user_id
       ), notified AS (
         INSERT INTO notification (user_id, kind, action_id, decision_id)
         SELECT user_id, kind, CASE WHEN kind <> 'decision.review_due' THEN subject_id END,
                CASE WHEN kind = 'decision.review_due' THEN subject_id END
           FROM claimed
         RETURNING id, user_id, kind, action_id, decision_id, created_at
       ), announced AS (
         -- one domain event per overdue action (webhooks), however many people it reminds
         INSERT INTO domain_event (type, payload)
         SELECT 'action.overdue', jsonb_build_object('type', 'action.overdue', 'actionId', subject_id)
           FROM (SELECT DISTINCT subject_id FROM claimed WHERE kind = 'action.overdue') overdue
       )
       SELECT n.user_id AS "userId", json_build_object(
                'id', n.id, 'kind', n.kind, 'thread', NULL, 'commentId', NULL, 'actor', NULL,
                'action', CASE WHEN ac.id IS NULL THEN NULL ELSE json_build_object('id', ac.id, 'title', ac.title, 'dueOn', to_char(ac.due_on, 'YYYY-MM-DD'), 'status', ac.status) END,
                'decision', CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('id', dc.id, 'title', dc.title, 'reviewBy', to_char(dc.review_by, 'YYYY-MM-DD')) END,
                'createdAt', to_json(n.created_at) #>> '{}', 'readAt', NULL) AS notification
         FROM notified n LEFT JOIN action_item ac ON ac.id = n.action_id LEFT JOIN decision dc ON dc.id = n.decision_id
        ORDER BY n.user_id, n.kind`.execute(this.db);
    return rows;
  }

  /** Active users who own an open action or have a decision to review and have no digest for `today` yet. */
  async digestCandidates(today: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`SELECT u.id FROM app_user u
        WHERE u.active
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.kind = 'digest' AND r.user_id = u.id AND r.on_date = ${today}::date)
          AND (EXISTS (SELECT 1 FROM action_item a WHERE a.owner_id = u.id AND a.status NOT IN ('done', 'cancelled'))
               OR EXISTS (SELECT 1 FROM decision d WHERE d.status = 'accepted' AND d.review_by <= ${today}::date
                            AND COALESCE(d.decided_by, d.created_by) = u.id))
        ORDER BY u.id`.execute(this.db);
    return rows.map((row) => row.id);
  }

  /** A user's digest as of `today`: their open actions (first 100 by due date) and decisions to review. */
  async digest(userId: string, today: string): Promise<DigestContent> {
    const { rows } = await sql<DigestContent>`SELECT COALESCE((SELECT json_agg(x) FROM (
                SELECT a.id, a.title, a.status, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
                       COALESCE(a.due_on < ${today}::date, false) AS overdue,
                       COALESCE(a.due_on BETWEEN ${today}::date AND ${today}::date + 1, false) AS "dueSoon"
                  FROM action_item a
                 WHERE a.owner_id = ${userId} AND a.status NOT IN ('done', 'cancelled') AND ${visibleFollowUp('a', 'action', userId)}
                 ORDER BY a.due_on ASC NULLS LAST, a.created_at, a.id LIMIT 100) x), '[]') AS actions,
              COALESCE((SELECT json_agg(y) FROM (
                SELECT d.id, d.title, to_char(d.review_by, 'YYYY-MM-DD') AS "reviewBy" FROM decision d
                 WHERE d.status = 'accepted' AND d.review_by <= ${today}::date AND COALESCE(d.decided_by, d.created_by) = ${userId}
                   AND ${visibleFollowUp('d', 'decision', userId)}
                 ORDER BY d.review_by, d.id LIMIT 100) y), '[]') AS reviews`.execute(this.db);
    return rows[0];
  }

  /** Claims today's digest for a user; false when some pass claimed it already. */
  async claimDigest(userId: string, today: string): Promise<boolean> {
    const claimed = await this.db
      .insertInto('reminder')
      .values({
        kind: 'digest',
        subject_id: null,
        user_id: userId,
        on_date: today,
        email_status: 'pending',
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  async pendingEmails(limit: number): Promise<PendingEmail[]> {
    const { rows } =
      await sql<PendingEmail>`SELECT r.id, r.kind, r.subject_id AS "subjectId", to_char(r.on_date, 'YYYY-MM-DD') AS "onDate",
              r.email_attempts AS attempts, u.id AS "userId", u.email, u.display_name AS "displayName",
              CASE WHEN ac.id IS NULL THEN NULL ELSE json_build_object('title', ac.title, 'status', ac.status, 'dueOn', to_char(ac.due_on, 'YYYY-MM-DD')) END AS action,
              CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('title', dc.title, 'status', dc.status, 'reviewBy', to_char(dc.review_by, 'YYYY-MM-DD')) END AS decision
         FROM reminder r JOIN app_user u ON u.id = r.user_id AND u.active
         LEFT JOIN action_item ac ON r.kind IN ('action.due_soon', 'action.overdue') AND ac.id = r.subject_id
         LEFT JOIN decision dc ON r.kind = 'decision.review_due' AND dc.id = r.subject_id
        WHERE r.email_status = 'pending' ORDER BY r.id LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  async markEmail(
    id: string,
    status: 'sent' | 'pending' | 'failed' | 'skipped',
    error?: string,
  ): Promise<void> {
    const counts = status !== 'sent' && status !== 'skipped';
    await this.db
      .updateTable('reminder')
      .set((eb) => ({
        email_status: status,
        email_attempts: counts ? eb('email_attempts', '+', 1) : eb.ref('email_attempts'),
        emailed_at: status === 'sent' ? sql<Date>`now()` : eb.ref('emailed_at'),
        last_error: error?.slice(0, 1000) ?? null,
      }))
      .where('id', '=', id)
      .execute();
  }
}
