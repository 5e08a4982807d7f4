import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { DB } from '../database/schema.js';
import { JobQueue } from '../jobs/job-queue.js';
import { NotifiedLoop } from '../jobs/notified-loop.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import type { DomainEvent } from './domain-events.js';
import { DomainEventsRepository, type StoredDomainEvent } from './domain-events.repository.js';

const CHANNEL = 'domain_event';
/** Events read per round. */
const BATCH = 200;
/** Events handled at once (each consumer of one event in turn). */
const CONCURRENCY = 4;
const MAX_BACKOFF_S = 300;

/** A feature fed by domain events (webhooks, notification e-mail). */
export interface DomainEventConsumer {
  /**
   * Writes what the event means for this feature through `trx`: committed together with the mark
   * that this consumer handled it, so a replay after a crash never doubles it. `occurredAt` is the
   * time of the change. The function returned runs after commit (e.g. to wake a sender).
   */
  handle(event: DomainEvent, trx: Kysely<DB>, occurredAt: Date): Promise<(() => void) | void>;
}

/**
 * The relay of the domain-event outbox: events are written in the transaction of their change
 * (`recordDomainEvents`); this loop, woken by the NOTIFY of their commit (polling backs it up),
 * hands each to every consumer, each in its own transaction with its effects, and deletes the row
 * once all have. A consumer that fails is retried with back-off without repeating the others.
 * Safe with several processes (row locks, SKIP LOCKED). Started and drained with the job queue; a
 * process that stops leaves its events in the table for the next one.
 */
@Injectable()
export class DomainEventRelay extends NotifiedLoop implements OnModuleInit {
  private readonly logger = new Logger(DomainEventRelay.name);
  private readonly consumers = new Map<string, DomainEventConsumer>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly outbox: DomainEventsRepository,
    private readonly jobs: JobQueue,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    super(config.databaseUrl, CHANNEL, 'briefroom-domain-events');
  }

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const { depth, oldestAgeSeconds } = await this.outbox.backlog();
      this.metrics.domainEventDepth.set(depth);
      this.metrics.domainEventOldestAge.set(oldestAgeSeconds);
    });
    this.jobs.registerLoop('domain-event-relay', this);
  }

  /** Declares a consumer under a stable name (the outbox records which names handled an event). */
  subscribe(name: string, consumer: DomainEventConsumer): void {
    if (this.consumers.has(name))
      throw new Error(`domain event consumer ${name} is registered twice`);
    this.consumers.set(name, consumer);
  }

  protected async drain(): Promise<void> {
    try {
      for (;;) {
        this.drainStarted();
        const due = await this.outbox.due(BATCH);
        if (!due.length) break;
        let next = 0;
        let removed = 0;
        const worker = async () => {
          while (next < due.length && !this.closed) if (await this.relay(due[next++])) removed += 1;
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
        // a short batch was all there was; one with nothing done is another process's (or backing off)
        if (this.closed || due.length < BATCH || removed === 0) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'domain events not relayed; they stay in the outbox');
    }
  }

  /** Every consumer that has not handled the event yet, in turn; the row goes once all have. */
  private async relay(stored: StoredDomainEvent): Promise<boolean> {
    const names = [...this.consumers.keys()];
    for (const name of names) {
      if (stored.handledBy.includes(name)) continue;
      const consumer = this.consumers.get(name) as DomainEventConsumer;
      try {
        const outcome = await this.outbox.consume(stored.id, name, (trx) =>
          consumer.handle(stored.event, trx, stored.createdAt),
        );
        if (!outcome.applied) continue;
        try {
          outcome.result?.();
        } catch (error) {
          this.logger.warn({ err: error, consumer: name }, 'after-commit step failed');
        }
      } catch (error) {
        this.logger.warn(
          { err: error, consumer: name, event: stored.event.type },
          'a domain event consumer failed; retried with back-off',
        );
        await this.outbox.backOff(stored.id, (error as Error).message, MAX_BACKOFF_S);
        return false;
      }
    }
    return this.outbox.removeIfHandled(stored.id, names);
  }
}
