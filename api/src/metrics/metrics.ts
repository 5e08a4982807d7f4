import { Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reads state for gauges when /api/metrics is scraped (e.g. a count in PostgreSQL). */
type ScrapeHook = () => Promise<void>;

/** One registry per app instance, so tests that boot several apps do not collide. */
export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'briefroom_' });
  const httpDuration = new Histogram({
    name: 'briefroom_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const searchOutboxDepth = new Gauge({
    name: 'briefroom_search_outbox_depth',
    help: 'Changes waiting in the search outbox to be indexed',
    registers,
  });
  const searchOutboxOldestAge = new Gauge({
    name: 'briefroom_search_outbox_oldest_age_seconds',
    help: 'Age of the oldest change waiting in the search outbox (0 when empty)',
    registers,
  });
  const domainEventDepth = new Gauge({
    name: 'briefroom_domain_event_depth',
    help: 'Domain events waiting for their consumers (webhooks, notification e-mail)',
    registers,
  });
  const domainEventOldestAge = new Gauge({
    name: 'briefroom_domain_event_oldest_age_seconds',
    help: 'Age of the oldest domain event not yet relayed (0 when empty)',
    registers,
  });
  const searchIndexerFailures = new Counter({
    name: 'briefroom_search_indexer_failures_total',
    help: 'Outbox drains that failed (search engine down or a batch refused); the rows are retried',
    registers,
  });
  const jobQueueDepth = new Gauge({
    name: 'briefroom_job_queue_depth',
    help: 'Jobs queued or waiting for a retry, per job',
    labelNames: ['job'] as const,
    registers,
  });
  const jobFailures = new Counter({
    name: 'briefroom_job_failures_total',
    help: 'Job runs whose handler failed (each is retried until its limit), per job',
    labelNames: ['job'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'briefroom_job_duration_seconds',
    help: 'Job run time in this process, per job and outcome (completed or failed)',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  const socketConnections = new Gauge({
    name: 'briefroom_socket_connections',
    help: 'socket.io connections open on this process',
    registers,
  });
  const emailsSent = new Counter({
    name: 'briefroom_emails_sent_total',
    help: 'E-mails the SMTP server accepted',
    registers,
  });
  const emailsFailed = new Counter({
    name: 'briefroom_emails_failed_total',
    help: 'E-mails that could not be sent (each is retried by its feature)',
    registers,
  });

  const hooks: ScrapeHook[] = [];
  const logger = new Logger('Metrics');
  return {
    registry,
    httpDuration,
    searchOutboxDepth,
    searchOutboxOldestAge,
    domainEventDepth,
    domainEventOldestAge,
    searchIndexerFailures,
    jobQueueDepth,
    jobFailures,
    jobDuration,
    socketConnections,
    emailsSent,
    emailsFailed,
    /** Registers a hook that sets gauges on each scrape. */
    onScrape(hook: ScrapeHook): void {
      hooks.push(hook);
    },
    /** The exposition text, after every hook has read its state; a failing hook leaves its gauges as they were. */
    async scrape(): Promise<string> {
      await Promise.all(
        hooks.map((hook) =>
          hook().catch((error: unknown) =>
            logger.warn({ err: error }, 'a metric could not be read for this scrape'),
          ),
        ),
      );
      return registry.metrics();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
export const METRICS = Symbol('METRICS');
