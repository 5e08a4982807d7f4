import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { DB } from '../database/schema.js';
import { DomainEventRelay } from '../domain-events/domain-event-relay.js';
import type { DomainEvent } from '../domain-events/domain-events.js';
import { signWebhook } from '../inbound/standard-webhook.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { OutboundFetcher } from '../outbound/outbound-fetcher.js';
import { WebhookEventFacts, type EventFacts } from './webhook-event-facts.js';
import { renderDelivery, type StoredEvent } from './webhook-formats.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhooks.dto.js';
import {
  WebhooksRepository,
  type DueDelivery,
  type RestrictedBriefing,
} from './webhooks.repository.js';

/** Deliveries claimed per round of a pass. */
const CLAIM_BATCH = 100;
/** A receiver's answer is read up to this size (only its status is kept). */
const MAX_RESPONSE_BYTES = 16 * 1024;
/** Timers further out than this are left to the minutely pass. */
const MAX_TIMER_MS = 5 * 60_000;

const HOOK_EVENTS = new Set<string>(WEBHOOK_EVENTS);

/**
 * Whether a hook may carry an event: every restricted briefing the event touches must be readable
 * by the hook's group (a hook with no group carries team briefings only).
 */
export function hookMayCarry(groupId: string | null, restricted: RestrictedBriefing[]): boolean {
  return restricted.every((briefing) => groupId !== null && briefing.groupIds.includes(groupId));
}

/** The wait before attempt `attempts + 1`: the base, doubled per failure, never above a day. */
export function backOffMs(baseMs: number, attempts: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 86_400_000);
}

/**
 * Outbound webhooks, from event to receiver: committed domain events (relayed from the outbox)
 * become one delivery row per subscribed hook allowed to see them; a pg-boss pass (singleton across replicas; also claimed
 * with SKIP LOCKED) sends the due ones through the SSRF-guarded fetcher, signed per Standard
 * Webhooks, and records each attempt; a failure is due again after exponential back-off.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running: Promise<unknown> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly hooks: WebhooksRepository,
    private readonly facts: WebhookEventFacts,
    private readonly fetcher: OutboundFetcher,
    private readonly jobs: JobQueue,
    private readonly events: DomainEventRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(JobName.WebhookDeliveryPass, {
      handler: () => this.runPass(),
      // the fallback after a restart; back-off timers and new events send it sooner
      cron: '* * * * *',
      retryLimit: 0,
      expireInSeconds: 15 * 60,
    });
    this.events.subscribe('webhooks', {
      handle: async (event, trx, occurredAt) =>
        (await this.onEvent(event, trx, occurredAt)) ? () => this.kick() : undefined,
    });
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /**
   * Queues the event for every active hook that takes it and may see it, through `trx` (the relay's
   * transaction that marks the event handled: queued once, whatever the replays).
   */
  async onEvent(event: DomainEvent, trx: Kysely<DB>, occurredAt: Date): Promise<number> {
    if (!HOOK_EVENTS.has(event.type)) return 0;
    const hooks = await this.hooks.subscribers(event.type as WebhookEvent);
    if (!hooks.length) return 0;
    const facts = await this.facts.of(event);
    if (!facts) return 0;
    const restricted = await this.hooks.restricted(await this.briefingsOf(facts));
    const allowed = hooks.filter((hook) => hookMayCarry(hook.groupId, restricted));
    const stored: StoredEvent = {
      envelope: { type: facts.type, timestamp: occurredAt.toISOString(), data: facts.data },
      card: facts.card,
    };
    return this.hooks.enqueue(
      allowed.map((hook) => hook.id),
      facts.type,
      stored,
      trx,
    );
  }

  /** Starts a pass now: in this process when one is running (it loops again), else through the queue. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.jobs.send(JobName.WebhookDeliveryPass, {}).catch((error: unknown) => {
      this.logger.warn(
        { err: error },
        'webhook delivery pass not queued; the minutely pass runs it',
      );
    });
  }

  /** Sends every delivery that is due, CLAIM_BATCH at a time, `concurrency` at once. */
  async runPass(): Promise<{ attempted: number; delivered: number }> {
    const pass = this.deliverDue();
    this.running = pass;
    try {
      return await pass;
    } finally {
      this.running = undefined;
      await this.scheduleNext();
    }
  }

  private async deliverDue(): Promise<{ attempted: number; delivered: number }> {
    let attempted = 0;
    let delivered = 0;
    const lease = this.config.webhooks.timeoutMs + 30_000;
    for (;;) {
      this.again = false;
      const due = await this.hooks.claimDue(CLAIM_BATCH, lease);
      if (!due.length && !this.again) break;
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const delivery = due[next++];
          attempted += 1;
          if (await this.attempt(delivery)) delivered += 1;
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(this.config.webhooks.concurrency, due.length) }, worker),
      );
    }
    return { attempted, delivered };
  }

  /** One attempt of one delivery; true when the receiver answered 2xx. */
  private async attempt(delivery: DueDelivery): Promise<boolean> {
    const started = Date.now();
    const body = JSON.stringify(
      renderDelivery(
        delivery.format,
        delivery.payload as StoredEvent,
        this.config.publicUrl.origin,
      ),
    );
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.fetcher.fetch(delivery.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          ...signWebhook(delivery.secret, {
            id: delivery.id,
            timestamp: new Date(),
            payload: body,
          }),
        },
        acceptHttpErrors: true,
        maxRedirects: 0,
        maxBytes: MAX_RESPONSE_BYTES,
        timeoutMs: this.config.webhooks.timeoutMs,
      });
      status = response.status;
      if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (caught) {
      error =
        caught instanceof DomainError
          ? caught.message
          : `the request failed: ${(caught as Error).message}`;
    }
    const ok = error === null;
    const attempts = delivery.attempts + 1;
    await this.hooks.recordAttempt(
      delivery.id,
      { at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started },
      ok
        ? { delivered: true }
        : {
            delivered: false,
            retryInMs:
              attempts >= this.config.webhooks.maxAttempts
                ? null
                : backOffMs(this.config.webhooks.retryBaseMs, attempts),
          },
    );
    return ok;
  }

  /** A timer for the next retry that comes due soon; later ones wait for the minutely pass. */
  private async scheduleNext(): Promise<void> {
    if (this.closed) return;
    const due = await this.hooks.nextDue().catch(() => undefined);
    if (!due) return;
    const at = Math.max(due.getTime(), Date.now());
    if (at - Date.now() > MAX_TIMER_MS || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      this.timer = undefined;
      this.kick();
    }, at - Date.now());
    this.timer.unref();
  }

  private async briefingsOf(facts: EventFacts): Promise<string[]> {
    if (!facts.followUp) return facts.briefingIds;
    return [
      ...facts.briefingIds,
      ...(await this.hooks.followUpBriefings(facts.followUp.kind, facts.followUp.id)),
    ];
  }
}
