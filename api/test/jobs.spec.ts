// The job queue on real PostgreSQL, with two app instances on one database (as two replicas),
// a real SMTP server that can hold a message, and Meilisearch behind a gate that can be shut.
import { createServer, type Server, type Socket as NetSocket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { io } from 'socket.io-client';
import { JobName } from '../src/jobs/job-names.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { startServer, type RunningServer } from '../src/server.js';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const METRICS_TOKEN = 'jobs-scrape-secret';

/** A TCP gate in front of Meilisearch: shut, it cuts every connection, as an outage would. */
class Gate {
  open = true;
  private readonly sockets = new Set<NetSocket>();
  private readonly server: Server;
  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      if (!this.open) return client.destroy();
      const upstream = connect(Number(target.port || 80), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  shut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }
  close(): Promise<void> {
    this.shut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The sum of one series across the scrapes (one per instance); 0 when absent. */
function sample(scrapes: string[], name: string, labels = ''): number {
  const line = new RegExp(`^${name}${labels ? `\\{${labels}\\}` : ''} (\\S+)$`, 'm');
  return scrapes.reduce((sum, text) => sum + Number(line.exec(text)?.[1] ?? 0), 0);
}

describe(JobQueue.name, () => {
  let smtp: SMTPServer;
  let smtpPort: number;
  let rejecting = false;
  let holding = false;
  const held: Array<() => void> = [];
  const inbox: string[] = [];
  let gate: Gate;
  let app: TestApp;
  let second: RunningServer;
  let secondUrl: string;
  let jobs: JobQueue;
  let db: pg.Client;
  let editor: TestUser;

  const scrape = async (): Promise<string[]> =>
    Promise.all(
      [app.baseUrl, secondUrl].map(async (base) => {
        const response = await fetch(`${base}/api/metrics`, {
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        });
        expect(response.status).toBe(200);
        return response.text();
      }),
    );

  /** An open action of a fresh user, due on `dueOn`; the user's only reminder. */
  async function dueAction(
    dueOn: string,
    email?: string,
    on: TestApp = app,
  ): Promise<{ id: string; owner: TestUser }> {
    const owner = await createUser(on, 'member', email ? { email } : {});
    const id = (
      await on.http
        .post('/api/actions')
        .set(bearer(owner))
        .send({ title: `Due ${dueOn}`, ownerId: owner.id, dueOn })
        .expect(201)
    ).body.id as string;
    return { id, owner };
  }
  const finish = (action: { id: string; owner: TestUser }) =>
    app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(action.owner))
      .send({ status: 'done' })
      .expect(200);

  async function until<T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
  ): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(25);
    }
  }

  /** Exact-count settings shared by every instance in this file. */
  const jobEnv = (meiliUrl: string): Record<string, string> => ({
    MEILI_URL: meiliUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Briefroom <briefroom@example.com>',
    // No scheduled passes: every run below is one the test sent, so counts are exact.
    REMINDER_INTERVAL_SECONDS: '0',
    SAVED_SEARCH_ALERT_INTERVAL_SECONDS: '0',
    // No digests at the hours the passes below run.
    DIGEST_HOUR: '23',
    JOB_POLL_INTERVAL_MS: '500',
    JOB_RETRY_DELAY_SECONDS: '1',
    METRICS_TOKEN,
  });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(rejecting ? new Error('mailbox unavailable') : undefined);
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const accept = () => {
            inbox.push(Buffer.concat(chunks).toString('utf8'));
            callback();
          };
          if (holding) held.push(accept);
          else accept();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    gate = new Gate(new URL(process.env.TEST_MEILI_URL as string));
    app = await createTestApp(jobEnv(await gate.listen()));
    // A second instance on the same database, as a second replica.
    second = await startServer({ ...app.config });
    secondUrl = `http://127.0.0.1:${(second.app.getHttpServer().address() as AddressInfo).port}`;
    jobs = app.server.app.get(JobQueue);
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    editor = await createUser(app, 'editor');
  }, 60_000);

  afterAll(async () => {
    held.splice(0).forEach((accept) => accept());
    await db?.end();
    await second?.close();
    await app?.close();
    await gate?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('runs each job once and one pass at a time when two instances share a database', async () => {
    const action = await dueAction('2031-03-10');
    const before = await scrape();
    const now = '2031-03-10T08:00:00Z';
    const secondJobs = second.app.get(JobQueue);
    // Four passes sent at once from both instances, as two replicas' schedules would.
    const results = await Promise.all([
      jobs.run(JobName.ReminderPass, { now }),
      secondJobs.run(JobName.ReminderPass, { now }),
      jobs.run(JobName.ReminderPass, { now }),
      secondJobs.run(JobName.ReminderPass, { now }),
    ]);
    expect(results.reduce((sum, result) => sum + result.notifications, 0)).toBe(1);
    expect(results.reduce((sum, result) => sum + result.emailsSent, 0)).toBe(1);
    expect(inbox.splice(0)).toHaveLength(1);

    // Each run happened in exactly one instance...
    const after = await scrape();
    const runs = (scrapes: string[]) =>
      sample(
        scrapes,
        'briefroom_job_duration_seconds_count',
        'job="reminder-pass",outcome="completed"',
      );
    expect(runs(after) - runs(before)).toBe(4);
    // ...and never beside another (the queue's singleton policy).
    const { rows } = await db.query<{ started: Date; completed: Date }>(
      `SELECT started_on AS started, completed_on AS completed FROM pgboss.job
        WHERE name = $1 AND data->>'now' = $2 ORDER BY started_on`,
      [JobName.ReminderPass, now],
    );
    expect(rows).toHaveLength(4);
    for (let i = 1; i < rows.length; i += 1)
      expect(rows[i].started.getTime()).toBeGreaterThanOrEqual(rows[i - 1].completed.getTime());
    await finish(action);
  });

  it('retries a failing job with back-off until it succeeds', async () => {
    await app.http
      .post('/api/saved-searches')
      .set(bearer(editor))
      .send({ name: 'Gate watch', query: 'gate', alert: true })
      .expect(201);
    // Everything indexed first, so the pass's window is not held back by the outbox.
    await until('an empty outbox', async () => {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM search_outbox',
      );
      return rows[0].n === 0 ? true : undefined;
    });
    const before = await scrape();
    gate.shut();
    const run = jobs.run(JobName.SavedSearchAlertPass, {
      now: new Date(Date.now() + 5_000).toISOString(),
    });
    // The first attempt fails on the search engine; the job waits for its retry.
    await until('the job to wait for a retry', async () => {
      const { rows } = await db.query<{ state: string }>(
        `SELECT state FROM pgboss.job WHERE name = $1 ORDER BY created_on DESC LIMIT 1`,
        [JobName.SavedSearchAlertPass],
      );
      return rows[0]?.state === 'retry' ? true : undefined;
    });
    const waiting = await scrape();
    expect(sample(waiting, 'briefroom_job_queue_depth', 'job="saved-search-alert-pass"')).toBe(2); // one job, seen by both instances
    gate.open = true;
    await expect(run).resolves.toEqual({ checked: 1, notified: 0 });

    const after = await scrape();
    const delta = (name: string, labels: string) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('briefroom_job_failures_total', 'job="saved-search-alert-pass"')).toBe(1);
    expect(
      delta(
        'briefroom_job_duration_seconds_count',
        'job="saved-search-alert-pass",outcome="failed"',
      ),
    ).toBe(1);
    expect(
      delta(
        'briefroom_job_duration_seconds_count',
        'job="saved-search-alert-pass",outcome="completed"',
      ),
    ).toBe(1);
    const { rows } = await db.query<{ state: string; retries: number }>(
      `SELECT state, retry_count AS retries FROM pgboss.job WHERE name = $1 ORDER BY created_on DESC LIMIT 1`,
      [JobName.SavedSearchAlertPass],
    );
    expect(rows[0]).toMatchObject({ state: 'completed', retries: 1 });
  });

  it('publishes the background-work metrics after real work, to the token holder only', async () => {
    const before = await scrape();
    // E-mails: one accepted, one refused by the SMTP server.
    const accepted = await dueAction('2032-05-01');
    await jobs.run(JobName.ReminderPass, { now: '2032-05-01T08:00:00Z' });
    await finish(accepted);
    rejecting = true;
    const refused = await dueAction('2032-06-01');
    await jobs.run(JobName.ReminderPass, { now: '2032-06-01T08:00:00Z' });
    rejecting = false;
    await finish(refused);
    inbox.splice(0);

    // A change the search engine cannot take while it is out: it waits in the outbox.
    gate.shut();
    await dueAction('2099-01-01');
    const outage = await until('an indexer failure', async () => {
      const scrapes = await scrape();
      return sample(scrapes, 'briefroom_search_indexer_failures_total') >
        sample(before, 'briefroom_search_indexer_failures_total')
        ? scrapes
        : undefined;
    });
    // Both instances read the same outbox.
    expect(sample([outage[0]], 'briefroom_search_outbox_depth')).toBeGreaterThanOrEqual(1);
    expect(sample([outage[0]], 'briefroom_search_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    gate.open = true;

    // A live socket on the first instance.
    const socket = io(app.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: editor.token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const connected = await scrape();
    socket.close();

    const delta = (name: string) => sample(connected, name) - sample(before, name);
    expect(delta('briefroom_emails_sent_total')).toBe(1);
    expect(delta('briefroom_emails_failed_total')).toBe(1);
    expect(sample([connected[0]], 'briefroom_socket_connections')).toBe(1);
    expect(connected[0]).toMatch(/^briefroom_job_queue_depth\{job="reminder-pass"\} 0$/m);
    expect(
      connected[0]
        .split('\n')
        .filter((line) => line.startsWith('briefroom_job_duration_seconds_bucket{'))
        .some((line) => /le="\+Inf"/.test(line) && /job="reminder-pass"/.test(line)),
    ).toBe(true);
    await until('the socket to be counted out', async () => {
      const [first] = await scrape();
      return sample([first], 'briefroom_socket_connections') === 0 ? true : undefined;
    });

    // Without the token, or with another, nothing is disclosed.
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<
      string,
      string
    >[]) {
      const denied = await fetch(`${app.baseUrl}/api/metrics`, { headers });
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  // Shuts its own two instances down, so the other tests can run before or after it.
  describe('at shutdown', () => {
    let own: TestApp;
    let ownSecond: RunningServer;
    let ownDb: pg.Client;
    beforeAll(async () => {
      own = await createTestApp(jobEnv(process.env.TEST_MEILI_URL as string));
      ownSecond = await startServer({ ...own.config });
      ownDb = new pg.Client({ connectionString: own.databaseUrl });
      await ownDb.connect();
    }, 60_000);
    afterAll(async () => {
      held.splice(0).forEach((accept) => accept());
      await ownDb?.end();
      await own?.close();
    });

    it('waits at shutdown for a job that is running, which then completes', async () => {
      const action = await dueAction('2033-01-10', 'held@example.com', own);
      holding = true;
      const id = await own.server.app
        .get(JobQueue)
        .send(JobName.ReminderPass, { now: '2033-01-10T08:00:00Z' });
      await until('the e-mail to be on the wire', () => (held.length > 0 ? true : undefined));
      let closed = false;
      const closing = Promise.all([own.server.close(), ownSecond.close()]).then(
        () => (closed = true),
      );
      await delay(700);
      expect(closed).toBe(false);
      holding = false;
      held.splice(0).forEach((accept) => accept());
      await closing;

      const { rows: job } = await ownDb.query<{ state: string }>(
        'SELECT state FROM pgboss.job WHERE name = $1 AND id = $2',
        [JobName.ReminderPass, id],
      );
      expect(job).toEqual([{ state: 'completed' }]);
      const { rows: reminder } = await ownDb.query<{ email_status: string }>(
        'SELECT email_status FROM reminder WHERE subject_id = $1',
        [action.id],
      );
      expect(reminder).toEqual([{ email_status: 'sent' }]);
      expect(inbox.splice(0).some((mail) => mail.includes('held@example.com'))).toBe(true);
    });
  });
});
