import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { Database } from '../database/database.js';
import type { DB } from '../database/schema.js';
import type { DeliveryState, WebhookEvent, WebhookFormat } from './webhooks.dto.js';

export interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  groupId: string | null;
  description: string | null;
  active: boolean;
  createdAt: Date;
}

export interface AttemptRecord {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRow {
  id: string;
  event: WebhookEvent;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  attemptLog: AttemptRecord[];
}

/** A delivery claimed for an attempt, with what sending it needs. */
export interface DueDelivery {
  id: string;
  event: WebhookEvent;
  payload: unknown;
  attempts: number;
  url: string;
  format: WebhookFormat;
  secret: string;
}

/** A restricted briefing an event touches, with the groups that may read it. */
export interface RestrictedBriefing {
  id: string;
  groupIds: string[];
}

const WEBHOOK_COLUMNS = [
  'id',
  'url',
  'events',
  'format',
  'group_id as groupId',
  'description',
  'active',
  'created_at as createdAt',
] as const;

/** What a delivery's log shows of it. */
const DELIVERY_COLUMNS = [
  'id',
  'event',
  'state',
  'attempts',
  'last_status as lastStatus',
  'last_error as lastError',
  'next_attempt_at as nextAttemptAt',
  'created_at as createdAt',
  'delivered_at as deliveredAt',
  'attempt_log as attemptLog',
] as const;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Database) {}

  async create(input: {
    url: string;
    events: WebhookEvent[];
    format: WebhookFormat;
    secret: string;
    groupId: string | null;
    description: string | null;
    createdBy: string;
  }): Promise<string> {
    const row = await this.db
      .insertInto('webhook')
      .values({
        url: input.url,
        events: input.events,
        format: input.format,
        secret: input.secret,
        group_id: input.groupId,
        description: input.description,
        created_by: input.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  list(): Promise<WebhookRow[]> {
    return this.db
      .selectFrom('webhook')
      .select(WEBHOOK_COLUMNS)
      .orderBy('created_at')
      .orderBy('id')
      .execute() as Promise<WebhookRow[]>;
  }

  find(id: string): Promise<WebhookRow | undefined> {
    return this.db
      .selectFrom('webhook')
      .select(WEBHOOK_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst() as Promise<WebhookRow | undefined>;
  }

  async update(
    id: string,
    changes: Partial<{
      url: string;
      events: WebhookEvent[];
      format: WebhookFormat;
      groupId: string | null;
      description: string | null;
      active: boolean;
    }>,
  ): Promise<void> {
    const values = {
      url: changes.url,
      events: changes.events,
      format: changes.format,
      group_id: changes.groupId,
      description: changes.description,
      active: changes.active,
    };
    const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('webhook').set(set).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhook').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async groupExists(groupId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('user_group')
      .select('id')
      .where('id', '=', groupId)
      .executeTakeFirst());
  }

  /** Active hooks that take `event`, with the group each is scoped to. */
  subscribers(event: WebhookEvent): Promise<Array<{ id: string; groupId: string | null }>> {
    return this.db
      .selectFrom('webhook')
      .select(['id', 'group_id as groupId'])
      .where('active', '=', true)
      .where(sql<boolean>`${event} = ANY(events)`)
      .execute();
  }

  /** One pending delivery per hook, due now. */
  /** One delivery per hook, written through `trx` (the domain-event relay's transaction). */
  async enqueue(
    hookIds: string[],
    event: WebhookEvent,
    payload: unknown,
    trx: Kysely<DB> = this.db,
  ): Promise<number> {
    if (!hookIds.length) return 0;
    const result = await trx
      .insertInto('webhook_delivery')
      .values(
        hookIds.map((webhookId) => ({
          webhook_id: webhookId,
          event,
          payload: JSON.stringify(payload),
          next_attempt_at: sql<Date>`now()`,
        })),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  deliveries(webhookId: string, limit: number): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom('webhook_delivery')
      .select(DELIVERY_COLUMNS)
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute() as unknown as Promise<DeliveryRow[]>;
  }

  /**
   * Sends a delivery again as soon as possible, with a fresh round of attempts; its log stays.
   * The row as this replay left it (pending), or undefined when the hook has no such delivery.
   */
  async replay(webhookId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
    return (await this.db
      .updateTable('webhook_delivery')
      .set({ state: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()` })
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', webhookId)
      .returning(DELIVERY_COLUMNS)
      .executeTakeFirst()) as DeliveryRow | undefined;
  }

  /**
   * Claims up to `limit` due deliveries of active hooks: each is leased for `leaseMs` (its next
   * attempt moves past the lease) so another pass, here or in another process, skips it, and a
   * pass that dies mid-send leaves it to be retried when the lease runs out.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const { rows } = await sql<DueDelivery>`
      UPDATE webhook_delivery d SET next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
        FROM webhook w
       WHERE w.id = d.webhook_id
         AND d.id IN (SELECT dd.id FROM webhook_delivery dd JOIN webhook ww ON ww.id = dd.webhook_id
                       WHERE dd.state = 'pending' AND dd.next_attempt_at <= now() AND ww.active
                       ORDER BY dd.next_attempt_at LIMIT ${limit} FOR UPDATE OF dd SKIP LOCKED)
      RETURNING d.id, d.event, d.payload, d.attempts, w.url, w.format, w.secret`.execute(this.db);
    return rows;
  }

  /** Records one attempt: delivered, given up, or due again after `retryInMs`. */
  async recordAttempt(
    id: string,
    attempt: AttemptRecord,
    outcome: { delivered: true } | { delivered: false; retryInMs: number | null },
  ): Promise<void> {
    const entry = JSON.stringify([attempt]);
    await sql`
      UPDATE webhook_delivery SET
        attempts = attempts + 1,
        last_status = ${attempt.status},
        last_error = ${attempt.error},
        attempt_log = (attempt_log || ${entry}::jsonb),
        state = ${outcome.delivered ? 'delivered' : outcome.retryInMs === null ? 'failed' : 'pending'},
        delivered_at = ${outcome.delivered ? sql`now()` : sql`delivered_at`},
        next_attempt_at = ${
          !outcome.delivered && outcome.retryInMs !== null
            ? sql`now() + ${outcome.retryInMs} * interval '1 millisecond'`
            : sql`NULL`
        }
       WHERE id = ${id}`.execute(this.db);
  }

  /** When the next pending delivery of an active hook comes due; undefined when none waits. */
  async nextDue(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('webhook_delivery as d')
      .innerJoin('webhook as w', 'w.id', 'd.webhook_id')
      .select(sql<Date | null>`min(d.next_attempt_at)`.as('due'))
      .where('d.state', '=', 'pending')
      .where('w.active', '=', true)
      .executeTakeFirst();
    return row?.due ? new Date(row.due) : undefined;
  }

  /** The restricted briefings among `briefingIds`, each with its groups. */
  async restricted(briefingIds: string[]): Promise<RestrictedBriefing[]> {
    if (!briefingIds.length) return [];
    const { rows } = await sql<RestrictedBriefing>`
      SELECT b.id, COALESCE(array_agg(bg.group_id) FILTER (WHERE bg.group_id IS NOT NULL), '{}') AS "groupIds"
        FROM briefing b LEFT JOIN briefing_group bg ON bg.briefing_id = b.id
       WHERE b.id = ANY(${briefingIds}::uuid[]) AND b.visibility <> 'team'
       GROUP BY b.id`.execute(this.db);
    return rows;
  }

  /** Every briefing an action or decision is tied to (links, and a decision's thread). */
  async followUpBriefings(kind: 'action' | 'decision', id: string): Promise<string[]> {
    const { rows } = await sql<{ briefingId: string }>`
      SELECT l.briefing_id AS "briefingId" FROM follow_up_link l
       WHERE l.owner_type = ${kind} AND l.owner_id = ${id} AND l.briefing_id IS NOT NULL
      UNION
      SELECT t.briefing_id FROM decision d JOIN thread t ON t.id = d.thread_id
       WHERE ${kind} = 'decision' AND d.id = ${id}`.execute(this.db);
    return rows.map((row) => row.briefingId);
  }
}
