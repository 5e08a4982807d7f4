import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { visibleBriefing, visibleFollowUp, type Reader } from '../access/visibility.js';
import { Database, type DB } from '../database/database.js';
import { recordDomainEvents } from '../domain-events/domain-events.js';
import { linkedTo, splitTags } from '../links/follow-up-filters.js';
import { ThreadNotes, type ThreadNoteEvent } from '../discussions/thread-notes.js';
import { ActivityLog } from '../links/activity-log.repository.js';
import { FollowUpLinks } from '../links/follow-up-links.repository.js';
import type {
  CreateDecisionDto,
  DecisionDto,
  DecisionListQuery,
  DecisionStatus,
  Stance,
  StanceDto,
} from './decisions.dto.js';

/** The stances on decision `d` counted, as TallyDto. */
const TALLY = `(SELECT json_build_object('agree', count(*) FILTER (WHERE s.stance = 'agree'),
    'abstain', count(*) FILTER (WHERE s.stance = 'abstain'), 'disagree', count(*) FILTER (WHERE s.stance = 'disagree'),
    'block', count(*) FILTER (WHERE s.stance = 'block')) FROM decision_stance s WHERE s.decision_id = d.id)`;

const COLUMNS = `d.id, d.title, d.statement, d.rationale, d.alternatives, d.status,
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS "decidedBy",
  to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", to_char(d.review_by, 'YYYY-MM-DD') AS "reviewBy",
  d.supersedes_id AS "supersedesId", (SELECT n.id FROM decision n WHERE n.supersedes_id = d.id) AS "supersededById",
  d.thread_id AS "threadId", d.comment_id AS "commentId", d.created_by AS "createdBy",
  to_json(d.created_at) #>> '{}' AS "createdAt", to_json(d.updated_at) #>> '{}' AS "updatedAt",
  to_json(d.closes_at) #>> '{}' AS "closesAt",
  (d.status = 'proposed' AND (d.closes_at IS NULL OR d.closes_at > now())) AS "votingOpen",
  ${TALLY} AS tally, d.decided_tally AS "decidedTally"`;

const ORDER: Record<NonNullable<DecisionListQuery['sort']>, string> = {
  created: 'd.created_at DESC, d.id',
  updated: 'd.updated_at DESC, d.id',
  decided: 'd.decided_on DESC NULLS LAST, d.created_at DESC, d.id',
  review: 'd.review_by ASC NULLS LAST, d.id',
};

@Injectable()
export class DecisionsRepository {
  constructor(
    private readonly db: Database,
    private readonly links: FollowUpLinks,
    private readonly activityLog: ActivityLog,
    private readonly notes: ThreadNotes,
  ) {}

  /** The decision as lists show it, if the reader may read it (without one: for publishing after commit). */
  async find(id: string, reader?: Reader): Promise<DecisionDto | undefined> {
    const visible = reader ? visibleFollowUp('d', 'decision', reader.id, reader.admin) : sql`true`;
    const { rows } = await sql<DecisionDto>`
      SELECT ${sql.raw(COLUMNS)} FROM decision d LEFT JOIN app_user u ON u.id = d.decided_by
       WHERE d.id = ${id} AND ${visible}`.execute(this.db);
    return rows[0];
  }

  /** A filtered, sorted page of the decisions the reader may read (the decision log). */
  async list(
    reader: Reader,
    query: DecisionListQuery,
    statuses?: string[],
  ): Promise<DecisionDto[]> {
    const where: Array<RawBuilder<unknown>> = [
      visibleFollowUp('d', 'decision', reader.id, reader.admin),
    ];
    if (statuses) where.push(sql`d.status = ANY(${statuses}::text[])`);
    if (query.reviewDue === 'true')
      where.push(sql`d.status = 'accepted' AND d.review_by <= current_date`);
    if (query.decidedFrom) where.push(sql`d.decided_on >= ${query.decidedFrom}::date`);
    if (query.decidedTo) where.push(sql`d.decided_on <= ${query.decidedTo}::date`);
    if (query.decidedBy) where.push(sql`d.decided_by = ${query.decidedBy}::uuid`);
    if (query.threadId) where.push(linkedTo('d', 'decision', 'discussion', query.threadId));
    if (query.linkType && query.linkId)
      where.push(linkedTo('d', 'decision', query.linkType, query.linkId));
    if (query.tag) {
      const tags = splitTags(query.tag);
      where.push(sql`(d.id IN (SELECT l.owner_id FROM follow_up_link l
          JOIN briefing_tag bt ON bt.briefing_id = l.briefing_id JOIN tag t ON t.id = bt.tag_id
         WHERE l.owner_type = 'decision' AND t.name = ANY(${tags}::text[]))
        OR d.thread_id IN (SELECT th.id FROM thread th JOIN briefing_tag bt ON bt.briefing_id = th.briefing_id
          JOIN tag t ON t.id = bt.tag_id WHERE t.name = ANY(${tags}::text[])))`);
    }
    const limit = query.limit ?? 50;
    const offset = ((query.page ?? 1) - 1) * limit;
    const order = sql.raw(ORDER[query.sort ?? 'created']);
    // The page's ids first, then the columns for those rows only.
    const { rows } = await sql<DecisionDto>`
      SELECT ${sql.raw(COLUMNS)} FROM decision d LEFT JOIN app_user u ON u.id = d.decided_by
       WHERE d.id IN (SELECT d.id FROM decision d WHERE ${sql.join(where, sql` AND `)}
                       ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
       ORDER BY ${order}`.execute(this.db);
    return rows;
  }

  /** Whether the thread (and comment, when given, of that thread) exists and the reader may read it. */
  async sourceVisible(
    reader: Reader,
    threadId: string | null,
    commentId: string | null,
  ): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      SELECT t.id FROM thread t JOIN briefing b ON b.id = t.briefing_id
       WHERE ${visibleBriefing('b', reader.id, reader.admin)}
         AND t.id = COALESCE(${threadId}::uuid, (SELECT c.thread_id FROM comment c WHERE c.id = ${commentId}::uuid))
         AND (${commentId}::uuid IS NULL OR EXISTS (SELECT 1 FROM comment c WHERE c.id = ${commentId}::uuid AND c.thread_id = t.id))`.execute(
      this.db,
    );
    return rows.length > 0;
  }

  /** Writes the decision (and supersedes the old one); notes go to the threads involved, for publishing after commit. */
  create(
    input: CreateDecisionDto & { createdBy: string },
    by: { id: string; displayName: string },
    supersede?: { oldId: string; oldTitle: string; decidedBy: string },
  ): Promise<{ id: string; notes: ThreadNoteEvent[] }> {
    return this.db.transaction().execute(async (trx) => {
      const status = supersede ? 'accepted' : 'proposed';
      const commentId = input.commentId ?? null;
      const row = await trx
        .insertInto('decision')
        .values({
          title: input.title,
          statement: input.statement,
          rationale: input.rationale ?? '',
          alternatives: input.alternatives ?? '',
          thread_id: sql<
            string | null
          >`COALESCE(${input.threadId ?? null}::uuid, (SELECT c.thread_id FROM comment c WHERE c.id = ${commentId}::uuid))`,
          comment_id: commentId,
          review_by: input.reviewBy ?? null,
          closes_at: input.closesAt ?? null,
          created_by: input.createdBy,
          status,
          supersedes_id: supersede?.oldId ?? null,
          decided_by: supersede?.decidedBy ?? null,
          decided_on: supersede ? sql<string>`current_date` : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.links.add(trx, 'decision', row.id, input.links ?? []);
      await this.log(
        trx,
        row.id,
        input.createdBy,
        supersede ? { created: true, supersedes: supersede.oldId } : { created: true },
      );
      if (supersede) {
        await trx
          .updateTable('decision')
          .set({ status: 'superseded', updated_at: sql`now()` })
          .where('id', '=', supersede.oldId)
          .execute();
        await this.log(trx, supersede.oldId, input.createdBy, {
          status: { from: 'accepted', to: 'superseded' },
          supersededBy: row.id,
        });
      }
      await recordDomainEvents(trx, [
        { type: `decision.${status}`, decisionId: row.id, actorId: by.id },
      ]);
      const notes = await this.statusNotes(trx, row.id, input.title, null, status, by);
      if (supersede)
        notes.push(
          ...(await this.statusNotes(
            trx,
            supersede.oldId,
            supersede.oldTitle,
            'accepted',
            'superseded',
            by,
          )),
        );
      return { id: row.id, notes };
    });
  }

  async update(
    id: string,
    actor: { id: string; displayName: string },
    before: DecisionDto,
    changes: {
      status?: DecisionStatus;
      title?: string;
      rationale?: string;
      reviewBy?: string | null;
      closesAt?: string | null;
    },
  ): Promise<ThreadNoteEvent[]> {
    const actorId = actor.id;
    const columns = {
      status: 'status',
      title: 'title',
      rationale: 'rationale',
      reviewBy: 'review_by',
      closesAt: 'closes_at',
    } as const;
    const changed = (Object.keys(changes) as Array<keyof typeof columns>).filter(
      (key) => changes[key] !== undefined && changes[key] !== before[key],
    );
    if (!changed.length) return [];
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('decision')
        .set({
          ...Object.fromEntries(changed.map((key) => [columns[key], changes[key]])),
          ...(changes.status === 'accepted'
            ? { decided_by: actorId, decided_on: sql<string>`current_date` }
            : {}),
          // Accepting or rejecting keeps the tally as it stood; proposing again forgets it.
          ...(changed.includes('status')
            ? {
                decided_tally:
                  changes.status === 'proposed'
                    ? null
                    : sql<string>`(SELECT ${sql.raw(TALLY)} FROM decision d WHERE d.id = ${id})::jsonb`,
              }
            : {}),
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await this.log(
        trx,
        id,
        actorId,
        Object.fromEntries(changed.map((key) => [key, { from: before[key], to: changes[key] }])),
      );
      if (!changes.status || !changed.includes('status')) return [];
      if (changes.status === 'accepted')
        await recordDomainEvents(trx, [{ type: 'decision.accepted', decisionId: id, actorId }]);
      return this.statusNotes(
        trx,
        id,
        changes.title ?? before.title,
        before.status,
        changes.status,
        actor,
      );
    });
  }

  /** A `decision.status` note in each thread the decision came from or links to, in `trx`. */
  private async statusNotes(
    trx: Kysely<DB>,
    id: string,
    title: string,
    from: DecisionStatus | null,
    to: DecisionStatus,
    by: { id: string; displayName: string },
  ): Promise<ThreadNoteEvent[]> {
    const threads = await this.links.threadsOf(trx, 'decision', id);
    const at = new Date().toISOString();
    return this.notes.append(
      trx,
      threads.map((thread) => ({
        threadId: thread.threadId,
        payload: {
          kind: 'decision.status' as const,
          decisionId: id,
          title: thread.titleVisible ? title : null,
          from,
          to,
          by,
          at,
        },
      })),
    );
  }

  /** Who stood where: blocks first, then disagree, abstain, agree; newest first within each. */
  async stances(id: string): Promise<StanceDto[]> {
    const { rows } = await sql<StanceDto>`
      SELECT json_build_object('id', u.id, 'displayName', u.display_name) AS user, s.stance, s.reason,
             to_json(s.updated_at) #>> '{}' AS "updatedAt"
        FROM decision_stance s JOIN app_user u ON u.id = s.user_id
       WHERE s.decision_id = ${id}
       ORDER BY array_position(ARRAY['block', 'disagree', 'abstain', 'agree'], s.stance), s.updated_at DESC, u.id`.execute(
      this.db,
    );
    return rows;
  }

  /**
   * Takes (or, with `stance` null, withdraws) one person's stance while the decision is proposed
   * and before its closing time; false when it is not. The decision row is share-locked, so an
   * editor's accept or reject (an UPDATE) waits and snapshots a tally that includes it, and a
   * stance after the accept sees the new status.
   */
  setStance(
    id: string,
    userId: string,
    stance: { stance: Stance; reason: string } | null,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const open = await trx
        .selectFrom('decision')
        .select('id')
        .where('id', '=', id)
        .where('status', '=', 'proposed')
        .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', sql<Date>`now()`)]))
        .forShare()
        .executeTakeFirst();
      if (!open) return false;
      if (!stance) {
        await trx
          .deleteFrom('decision_stance')
          .where('decision_id', '=', id)
          .where('user_id', '=', userId)
          .execute();
        return true;
      }
      await trx
        .insertInto('decision_stance')
        .values({ decision_id: id, user_id: userId, stance: stance.stance, reason: stance.reason })
        .onConflict((conflict) =>
          conflict.columns(['decision_id', 'user_id']).doUpdateSet({
            stance: stance.stance,
            reason: stance.reason,
            updated_at: sql`now()`,
          }),
        )
        .execute();
      return true;
    });
  }

  activity(id: string) {
    return this.activityLog.of('decision', id);
  }

  private log(
    trx: Kysely<DB>,
    id: string,
    actorId: string,
    change: Record<string, unknown>,
  ): Promise<void> {
    return this.activityLog.record(trx, 'decision', id, actorId, change);
  }
}
