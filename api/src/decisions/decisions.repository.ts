import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { visibleBriefingSql, visibleFollowUpSql, type Reader } from '../access/visibility.js';
import { linkedToSql, splitTags } from '../links/follow-up-filters.js';
import { ThreadNotes, type ThreadNoteEvent } from '../discussions/thread-notes.js';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks } from '../links/follow-up-links.js';
import type {
  CreateDecisionDto,
  DecisionDto,
  DecisionListQuery,
  DecisionStatus,
} from './decisions.dto.js';

const COLUMNS = `d.id, d.title, d.statement, d.rationale, d.alternatives, d.status,
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS "decidedBy",
  to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", to_char(d.review_by, 'YYYY-MM-DD') AS "reviewBy",
  d.supersedes_id AS "supersedesId", (SELECT n.id FROM decision n WHERE n.supersedes_id = d.id) AS "supersededById",
  d.thread_id AS "threadId", d.comment_id AS "commentId", d.created_by AS "createdBy",
  to_json(d.created_at) #>> '{}' AS "createdAt", to_json(d.updated_at) #>> '{}' AS "updatedAt"`;

const ORDER: Record<NonNullable<DecisionListQuery['sort']>, string> = {
  created: 'd.created_at DESC, d.id',
  updated: 'd.updated_at DESC, d.id',
  decided: 'd.decided_on DESC NULLS LAST, d.created_at DESC, d.id',
  review: 'd.review_by ASC NULLS LAST, d.id',
};

@Injectable()
export class DecisionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: FollowUpLinks,
    private readonly activityLog: ActivityLog,
    private readonly notes: ThreadNotes,
  ) {}

  /** The decision as lists show it, if the reader may read it (without one: for publishing after commit). */
  async find(id: string, reader?: Reader): Promise<DecisionDto | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM decision d LEFT JOIN app_user u ON u.id = d.decided_by
        WHERE d.id = $1 AND ($2::uuid IS NULL OR ${visibleFollowUpSql('d', 'decision', '$2', '$3')})`,
      [id, reader?.id ?? null, reader?.admin ?? false],
    );
    return rows[0];
  }

  /** A filtered, sorted page of the decisions the reader may read (the decision log). */
  list(reader: Reader, query: DecisionListQuery, statuses?: string[]): Promise<DecisionDto[]> {
    const params: unknown[] = [reader.id, reader.admin];
    const where: string[] = [visibleFollowUpSql('d', 'decision', '$1', '$2')];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (statuses) where.push(`d.status = ANY(${param(statuses)}::text[])`);
    if (query.reviewDue === 'true')
      where.push(`d.status = 'accepted' AND d.review_by <= current_date`);
    if (query.decidedFrom) where.push(`d.decided_on >= ${param(query.decidedFrom)}::date`);
    if (query.decidedTo) where.push(`d.decided_on <= ${param(query.decidedTo)}::date`);
    if (query.decidedBy) where.push(`d.decided_by = ${param(query.decidedBy)}`);
    if (query.threadId)
      where.push(linkedToSql('d', 'decision', 'discussion', param(query.threadId)));
    if (query.linkType && query.linkId)
      where.push(linkedToSql('d', 'decision', query.linkType, param(query.linkId)));
    if (query.tag) {
      const tags = param(splitTags(query.tag));
      where.push(`(d.id IN (SELECT l.owner_id FROM follow_up_link l
          JOIN briefing_tag bt ON bt.briefing_id = l.briefing_id JOIN tag t ON t.id = bt.tag_id
         WHERE l.owner_type = 'decision' AND t.name = ANY(${tags}::text[]))
        OR d.thread_id IN (SELECT th.id FROM thread th JOIN briefing_tag bt ON bt.briefing_id = th.briefing_id
          JOIN tag t ON t.id = bt.tag_id WHERE t.name = ANY(${tags}::text[])))`);
    }
    const limit = query.limit ?? 50;
    const limitParam = param(limit);
    const offsetParam = param(((query.page ?? 1) - 1) * limit);
    const order = ORDER[query.sort ?? 'created'];
    // The page's ids first, then the columns for those rows only.
    return this.db.query(
      `SELECT ${COLUMNS} FROM decision d LEFT JOIN app_user u ON u.id = d.decided_by
        WHERE d.id IN (SELECT d.id FROM decision d WHERE ${where.join(' AND ')}
                        ORDER BY ${order} LIMIT ${limitParam} OFFSET ${offsetParam})
        ORDER BY ${order}`,
      params,
    );
  }

  /** Whether the thread (and comment, when given, of that thread) exists and the reader may read it. */
  async sourceVisible(
    reader: Reader,
    threadId: string | null,
    commentId: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM thread t JOIN briefing b ON b.id = t.briefing_id
        WHERE ${visibleBriefingSql('b', '$1', '$4')}
          AND t.id = COALESCE($2::uuid, (SELECT c.thread_id FROM comment c WHERE c.id = $3))
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM comment c WHERE c.id = $3 AND c.thread_id = t.id))`,
      [reader.id, threadId, commentId, reader.admin],
    );
    return rows.length > 0;
  }

  /** Writes the decision (and supersedes the old one); notes go to the threads involved, for publishing after commit. */
  create(
    input: CreateDecisionDto & { createdBy: string },
    by: { id: string; displayName: string },
    supersede?: { oldId: string; oldTitle: string; decidedBy: string },
  ): Promise<{ id: string; notes: ThreadNoteEvent[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO decision (title, statement, rationale, alternatives, thread_id, comment_id, review_by, created_by, status, supersedes_id, decided_by, decided_on)
         VALUES ($1, $2, $3, $4, COALESCE($5::uuid, (SELECT c.thread_id FROM comment c WHERE c.id = $6::uuid)), $6, $7, $8, $9, $10, $11,
                 CASE WHEN $9 = 'accepted' THEN current_date END) RETURNING id`,
        [
          input.title,
          input.statement,
          input.rationale ?? '',
          input.alternatives ?? '',
          input.threadId ?? null,
          input.commentId ?? null,
          input.reviewBy ?? null,
          input.createdBy,
          supersede ? 'accepted' : 'proposed',
          supersede?.oldId ?? null,
          supersede?.decidedBy ?? null,
        ],
      );
      await this.links.add(tx, 'decision', row.id, input.links ?? []);
      await this.log(
        tx,
        row.id,
        input.createdBy,
        supersede ? { created: true, supersedes: supersede.oldId } : { created: true },
      );
      if (supersede) {
        await tx.query(
          `UPDATE decision SET status = 'superseded', updated_at = now() WHERE id = $1`,
          [supersede.oldId],
        );
        await this.log(tx, supersede.oldId, input.createdBy, {
          status: { from: 'accepted', to: 'superseded' },
          supersededBy: row.id,
        });
      }
      const notes = await this.statusNotes(
        tx,
        row.id,
        input.title,
        null,
        supersede ? 'accepted' : 'proposed',
        by,
      );
      if (supersede)
        notes.push(
          ...(await this.statusNotes(
            tx,
            supersede.oldId,
            supersede.oldTitle,
            'accepted',
            'superseded',
            by,
          )),
        );
      return { id: row.id as string, notes };
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
    },
  ): Promise<ThreadNoteEvent[]> {
    const actorId = actor.id;
    const columns = {
      status: 'status',
      title: 'title',
      rationale: 'rationale',
      reviewBy: 'review_by',
    } as const;
    const changed = (Object.keys(changes) as Array<keyof typeof columns>).filter(
      (key) => changes[key] !== undefined && changes[key] !== before[key],
    );
    if (!changed.length) return [];
    return this.db.transaction(async (tx) => {
      const sets = changed.map((key, index) => `${columns[key]} = $${index + 3}`);
      if (changes.status === 'accepted') sets.push(`decided_by = $2, decided_on = current_date`);
      await tx.query(
        `UPDATE decision SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND $2::uuid IS NOT NULL`,
        [id, actorId, ...changed.map((key) => changes[key])],
      );
      await this.log(
        tx,
        id,
        actorId,
        Object.fromEntries(changed.map((key) => [key, { from: before[key], to: changes[key] }])),
      );
      if (!changes.status || !changed.includes('status')) return [];
      return this.statusNotes(
        tx,
        id,
        changes.title ?? before.title,
        before.status,
        changes.status,
        actor,
      );
    });
  }

  /** A `decision.status` note in each thread the decision came from or links to, in `tx`. */
  private async statusNotes(
    tx: EntityManager,
    id: string,
    title: string,
    from: DecisionStatus | null,
    to: DecisionStatus,
    by: { id: string; displayName: string },
  ): Promise<ThreadNoteEvent[]> {
    const threads = await this.links.threadsOf(tx, 'decision', id);
    const at = new Date().toISOString();
    return this.notes.append(
      tx,
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

  activity(id: string) {
    return this.activityLog.of('decision', id);
  }

  private log(
    tx: EntityManager,
    id: string,
    actorId: string,
    change: Record<string, unknown>,
  ): Promise<void> {
    return this.activityLog.record(tx, 'decision', id, actorId, change);
  }
}
