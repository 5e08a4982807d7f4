import pg from 'pg';
import type { BackgroundLoop } from './job-queue.js';

const POLL_MS = 2_000;
const RELISTEN_MS = 1_000;

/**
 * A background loop that drains an outbox table: `LISTEN`s on the channel its rows' commits
 * `NOTIFY`, polls every 2 s as a backup, and runs one drain at a time (a wake during a drain
 * runs another right after). It reconnects its listener when the connection is lost and looks
 * again once listening, for what was committed while nobody listened. Started and stopped by the
 * job queue (`registerLoop`); `stop` lets a running drain finish. The search indexer and the
 * domain-event relay are its two loops.
 */
export abstract class NotifiedLoop implements BackgroundLoop {
  /** Set once stopping: drains should end their rounds early. */
  protected closed = false;
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private relisten: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  protected constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly applicationName: string,
  ) {}

  /** One pass over what is due; must not throw (log instead: the poll retries). */
  protected abstract drain(): Promise<void>;

  /** Called by the job queue when the process starts its background work. */
  start(): void {
    void this.listen();
    this.schedule(0);
  }

  /** Called by the job queue at shutdown: no new drain starts, the one running finishes. */
  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.relisten);
    await this.listener?.end().catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  /** Drains until nothing is due; resolves when done (tests and CLIs await it). */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.closed) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  /** The next drain in `ms`, then polling resumes. */
  protected schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.wake().finally(() => this.schedule(POLL_MS));
    }, ms);
    this.timer.unref();
  }

  /** A drain that starts now reads what woke it: a wake during it need not run another. */
  protected drainStarted(): void {
    this.again = false;
  }

  private async listen(): Promise<void> {
    // A retry that was due when the loop stopped must not open a connection nobody will end.
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: this.applicationName,
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (this.closed) return;
      this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS).unref();
    };
    client.on('notification', () => void this.wake());
    client.on('error', lost);
    client.on('end', lost);
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      // what was committed while nobody listened
      void this.wake();
    } catch {
      await client.end().catch(() => undefined);
      lost();
    }
  }
}
