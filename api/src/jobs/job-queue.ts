import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { keepConnectionLossesQuiet } from '../database/database.js';
import PgBoss from 'pg-boss';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AdvisoryLock } from '../database/advisory-locks.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import type { JobName, JobPayloads, JobResults } from './job-names.js';

/** pg-boss keeps its tables here, apart from the app's. */
export const JOB_SCHEMA = 'pgboss';
/**
 * Shutdown waits this long for running handlers (after up to 5 s of HTTP drain, within main.ts's
 * 15 s limit); a job still running then is marked failed and retried by another process.
 */
const DRAIN_MS = 8_000;
/**
 * A pg-boss worker stopped while fetching ends once its query returns (it fetches no more), and
 * pg-boss looks for such workers only every second: the pool closes when no query of the queue
 * is under way any more, or after this, so nothing of the queue outlives the shutdown.
 */
const WORKER_SETTLE_MS = 1_100;
/** `run` gives up waiting for a job after this long. */
const RUN_TIMEOUT_MS = 120_000;

export interface JobDefinition<N extends JobName> {
  handler: (data: JobPayloads[N]) => Promise<JobResults[N]>;
  /** Cron (UTC) for periodic work; undefined = only when sent. */
  cron: string | undefined;
  /**
   * Periods under a minute, which cron cannot express: each process sends the job this often,
   * throttled by pg-boss to one per period across replicas (the cron still runs beside it).
   */
  everySeconds?: number;
  /** Retries after the first failure, with back-off from JOB_RETRY_DELAY_SECONDS. */
  retryLimit: number;
  /** A run still active after this long is failed (and retried), e.g. a process that died mid-run. */
  expireInSeconds: number;
}

/** Work that runs continuously in each process (the search indexer) and starts and drains with the queue. */
export interface BackgroundLoop {
  start(): void;
  stop(): Promise<void>;
}

type AnyDefinition = JobDefinition<JobName>;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * Briefroom's one mechanism for background work: a pg-boss queue in PostgreSQL (schema
 * `pgboss`). Features register named jobs in `onModuleInit`; the server's process starts the
 * queue at bootstrap (command-line tools never do) and drains it at shutdown: no new jobs are
 * taken, running handlers finish, then its pool closes. Each queue has the `singleton` policy, so
 * a pass runs at most once at a time across every replica, and a cron schedule fires once per
 * slot whatever the number of replicas.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly definitions = new Map<JobName, AnyDefinition>();
  private readonly loops = new Map<string, BackgroundLoop>();
  private readonly workers = new Map<JobName, string>();
  private readonly running = new Set<Promise<unknown>>();
  private boss: PgBoss | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private pool: pg.Pool | undefined;
  private starting: Promise<PgBoss | undefined> | undefined;
  private readonly stopping = new AbortController();
  private draining: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    metrics.onScrape(() => this.observeQueues());
  }

  /** Declares a job; call from onModuleInit, before the queue starts. */
  register<N extends JobName>(name: N, definition: JobDefinition<N>): void {
    if (this.definitions.has(name)) throw new Error(`job ${name} is registered twice`);
    this.definitions.set(name, definition as unknown as AnyDefinition);
  }

  /** Declares a loop started and drained with the queue. */
  registerLoop(name: string, loop: BackgroundLoop): void {
    this.loops.set(name, loop);
  }

  /** What is registered, with each job's schedule. */
  registered(): { jobs: Array<{ name: JobName; cron: string | undefined }>; loops: string[] } {
    return {
      jobs: [...this.definitions].map(([name, { cron }]) => ({ name, cron })),
      loops: [...this.loops.keys()],
    };
  }

  get started(): boolean {
    return this.boss !== undefined;
  }

  /**
   * Starts the loops at once and the queue in the background, so the server does not wait for
   * pg-boss to listen; `send` and `run` wait for it. A failed start is logged and tried again.
   */
  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    for (const loop of this.loops.values()) loop.start();
    this.starting = this.startQueue();
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain();
  }

  /** Queues a job; any replica's worker runs it once. Returns its id. */
  async send<N extends JobName>(name: N, data: JobPayloads[N]): Promise<string> {
    const boss = await this.ready();
    const id = await boss.send(name, data);
    if (!id) throw new Error(`job ${name} was not queued`);
    // Wakes this process's worker now rather than at its next poll.
    const worker = this.workers.get(name);
    if (worker) boss.notifyWorker(worker);
    return id;
  }

  /** Queues a job and waits until a worker (here or in another replica) has finished it, retries included. */
  async run<N extends JobName>(name: N, data: JobPayloads[N]): Promise<JobResults[N]> {
    const id = await this.send(name, data);
    const boss = await this.ready();
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    for (;;) {
      const job = await boss.getJobById<JobPayloads[N]>(name, id, { includeArchive: true });
      if (job && FINISHED.has(job.state)) {
        if (job.state === 'completed') return job.output as JobResults[N];
        const message = (job.output as { message?: string } | null)?.message ?? job.state;
        throw new Error(`job ${name} ${job.state}: ${message}`);
      }
      if (Date.now() > deadline) throw new Error(`job ${name} did not finish in time`);
      await delay(25);
    }
  }

  /** Stops taking jobs, waits for running handlers and loops, then closes the queue's pool. Idempotent. */
  drain(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    // never rejects: the app and its database pool must still close after it
    return (this.draining ??= this.stop().catch((error: unknown) =>
      this.logger.error({ err: error }, 'the job queue did not stop cleanly'),
    ));
  }

  private async ready(): Promise<PgBoss> {
    const boss = this.draining ? undefined : await this.starting;
    if (!boss || this.draining) throw new Error('the job queue is not running in this process');
    return boss;
  }

  private async startQueue(): Promise<PgBoss | undefined> {
    for (;;) {
      try {
        this.boss = await this.open();
        this.startShortPeriods(this.boss);
        return this.boss;
      } catch (error) {
        this.logger.error({ err: error }, 'the job queue did not start; trying again in 10 s');
        await this.pool?.end().catch(() => undefined);
        this.pool = undefined;
      }
      await delay(10_000, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (this.stopping.signal.aborted) return undefined;
    }
  }

  private async open(): Promise<PgBoss> {
    const pool = new pg.Pool({
      connectionString: this.config.databaseUrl,
      max: 3,
      application_name: 'briefroom-jobs',
    });
    keepConnectionLossesQuiet(pool, 'JobQueue');
    this.pool = pool;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: JOB_SCHEMA,
      pollingIntervalSeconds: this.config.jobs.pollIntervalMs / 1000,
      cronWorkerIntervalSeconds: Math.max(1, Math.round(this.config.jobs.pollIntervalMs / 1000)),
    });
    boss.on('error', (error) => this.logger.warn({ err: error }, 'job queue error'));
    await boss.start();
    try {
      await this.createQueues(boss, pool);
    } catch (error) {
      // a half-started queue must not keep polling beside the next attempt
      await boss.stop({ graceful: false, close: false }).catch(() => undefined);
      throw error;
    }
    for (const [name, definition] of this.definitions)
      this.workers.set(
        name,
        await boss.work<JobPayloads[JobName]>(name, { batchSize: 1 }, ([job]) =>
          this.execute(name, definition, job),
        ),
      );
    return boss;
  }

  private startShortPeriods(boss: PgBoss): void {
    for (const [name, { everySeconds }] of this.definitions) {
      if (!everySeconds || everySeconds >= 60 || this.draining) continue;
      const timer = setInterval(() => {
        boss.send(name, {}, { singletonSeconds: everySeconds }).then(
          (id) => {
            const worker = this.workers.get(name);
            if (id && worker) boss.notifyWorker(worker);
          },
          (error: unknown) => this.logger.warn({ err: error }, `job ${name} was not queued`),
        );
      }, everySeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /**
   * Creates or updates each queue and its schedule, one at a time under a lock: pg-boss adds a
   * partition per new queue, and two of those at once (two jobs, or two replicas) deadlock.
   */
  private async createQueues(boss: PgBoss, pool: pg.Pool): Promise<void> {
    const lock = await pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.JobQueues]);
      for (const [name, definition] of [...this.definitions].sort(([a], [b]) =>
        a.localeCompare(b),
      )) {
        const options: PgBoss.Queue = {
          name,
          policy: 'singleton',
          retryLimit: definition.retryLimit,
          retryDelay: this.config.jobs.retryDelaySeconds,
          retryBackoff: this.config.jobs.retryDelaySeconds > 0,
          expireInSeconds: definition.expireInSeconds,
        };
        await boss.createQueue(name, options);
        // createQueue keeps an existing queue as it was: this applies today's settings.
        await boss.updateQueue(name, options);
        if (definition.cron) await boss.schedule(name, definition.cron, {}, { tz: 'UTC' });
        else await boss.unschedule(name);
      }
    } finally {
      await lock
        .query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.JobQueues])
        .catch(() => undefined);
      lock.release();
    }
  }

  private execute(name: JobName, definition: AnyDefinition, job: PgBoss.Job<JobPayloads[JobName]>) {
    // A job fetched while the queue was stopping is handed back at once (retried by a running process).
    if (this.stopping.signal.aborted)
      return Promise.reject(new Error(`job ${name} fetched during shutdown; handed back`));
    const done = this.metrics.jobDuration.startTimer({ job: name });
    const run = definition.handler(job.data).then(
      (result) => {
        done({ outcome: 'completed' });
        return result;
      },
      (error: unknown) => {
        done({ outcome: 'failed' });
        this.metrics.jobFailures.inc({ job: name });
        this.logger.warn(
          { err: error, job: name, jobId: job.id },
          'job failed (retried while attempts remain)',
        );
        throw error;
      },
    );
    const tracked = run.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return run;
  }

  private async stop(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    await Promise.all([
      ...[...this.loops.values()].map((loop) => loop.stop()),
      // graceful: workers stop fetching, and stop() resolves once their jobs have finished (or DRAIN_MS passed)
      this.boss?.stop({ graceful: true, wait: true, close: false, timeout: DRAIN_MS }),
    ]);
    if (this.running.size > 0)
      await Promise.race([Promise.all(this.running), delay(DRAIN_MS, undefined, { ref: false })]);
    if (this.boss && this.pool) await settled(this.pool, WORKER_SETTLE_MS);
    await this.pool?.end().catch(() => undefined);
  }

  private requireBoss(): PgBoss {
    if (!this.boss || this.draining)
      throw new Error('the job queue is not running in this process');
    return this.boss;
  }

  private async observeQueues(): Promise<void> {
    const boss = this.boss;
    if (!boss || this.draining) return;
    for (const name of this.definitions.keys())
      this.metrics.jobQueueDepth.set({ job: name }, await boss.getQueueSize(name));
  }
}

/** Resolves once no query runs or waits on `pool` (checked every 10 ms), or after `limitMs`. */
async function settled(pool: pg.Pool, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  const busy = () => pool.totalCount - pool.idleCount + pool.waitingCount > 0;
  while (busy() && Date.now() < deadline) await delay(10, undefined, { ref: false });
}
