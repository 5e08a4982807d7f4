import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import { DomainEventRelay } from '../src/domain-events/domain-event-relay.js';
import { startServer, type RunningServer } from '../src/server.js';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { startLocalWebServer, type LocalWebServer } from './support/local-web-server.js';
import { MimeInbox } from './support/mime-inbox.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The transactional outbox behind webhooks and notification e-mail: a domain event is written in
 * the transaction of its change and relayed after commit, so a process that stops in between
 * loses nothing, and a relayed event is handled once.
 */
describe('Durable domain events', () => {
  let app: TestApp;
  let restarted: RunningServer | undefined;
  let inbox: MimeInbox;
  let receiver: LocalWebServer;
  let db: pg.Client;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let threadId: string;
  const received: Array<{
    id: string;
    body: { type: string; data: { comment?: { id: string } } };
  }> = [];

  const hook = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        id: String(request.headers['webhook-id']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200).end('ok');
    });
  };
  const pending = async () =>
    (
      await db.query<{ type: string; payload: Record<string, string> }>(
        'SELECT type, payload FROM domain_event ORDER BY id',
      )
    ).rows;

  beforeAll(async () => {
    inbox = await MimeInbox.start();
    receiver = await startLocalWebServer();
    receiver.route('/hook', hook);
    app = await createTestApp({
      OUTBOUND_ALLOWLIST: receiver.hostPort,
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      JOB_POLL_INTERVAL_MS: '500',
      PUBLIC_URL: 'https://briefroom.example',
      METRICS_TOKEN: 'events-scrape-secret',
    });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    const briefing = await app.http
      .post('/api/briefings/import')
      .set(bearer(editor))
      .send({ content: sampleOn(uniqueDate()), format: 'text' })
      .expect(201);
    threadId = (
      briefing.body.sections as Array<{ discussion: { threadId: string } | null }>
    ).flatMap((section) => (section.discussion ? [section.discussion.threadId] : []))[0];
    await app.http
      .post('/api/webhooks')
      .set(bearer(admin))
      .send({ url: receiver.url('/hook'), events: ['comment.created', 'action.assigned'] })
      .expect(201);
    await until(async () => ((await pending()).length === 0 ? true : undefined));
  });

  afterAll(async () => {
    await db.end();
    await restarted?.close();
    // the first server is closed already when the restart ran; this drops the database
    await app.close().catch(() => undefined);
    await receiver.close();
    await inbox.close();
  });

  it('writes nothing when the change is refused (the event is part of its transaction)', async () => {
    const before = await pending();
    await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(member))
      .send({ body: 'an orphan reply', parentId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Nobody owns this', ownerId: 'not-a-user' })
      .expect(400);
    expect(await pending()).toEqual(before);
  });

  it('delivers an event written but not relayed when the app stopped, once, after a restart', async () => {
    // the process stops relaying (as if it died right after the commit)
    await app.server.app.get(DomainEventRelay).stop();
    const posted = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(editor))
      .send({ body: `@${member.handle} written before the crash` })
      .expect(201);
    const action = await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Check the outbox', ownerId: member.id })
      .expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await pending()).toEqual([
      {
        type: 'comment.created',
        payload: { type: 'comment.created', commentId: posted.body.id, threadId },
      },
      {
        type: 'action.assigned',
        payload: {
          type: 'action.assigned',
          actionId: action.body.id,
          ownerId: member.id,
          actorId: editor.id,
        },
      },
    ]);
    expect(received).toEqual([]);
    // the backlog shows on /api/metrics
    const metrics = await (
      await fetch(`${app.baseUrl}/api/metrics`, {
        headers: { authorization: 'Bearer events-scrape-secret' },
      })
    ).text();
    expect(metrics).toMatch(/^briefroom_domain_event_depth 2$/m);
    expect(
      Number(/^briefroom_domain_event_oldest_age_seconds (\S+)$/m.exec(metrics)?.[1]),
    ).toBeGreaterThan(0);
    await app.server.close();

    restarted = await startServer(app.config);
    // both reach the member by e-mail (one message when they fall in the same pass)
    let text = '';
    while (!text.includes('written before the crash') || !text.includes('Check the outbox'))
      text += (await inbox.next(member.email)).parsed.text ?? '';
    await until(async () => (received.length >= 2 ? true : undefined));
    await until(async () => ((await pending()).length === 0 ? true : undefined));
    // a moment for anything doubled to arrive
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(received.map((entry) => entry.body.type).sort()).toEqual([
      'action.assigned',
      'comment.created',
    ]);
    const comment = received.find((entry) => entry.body.type === 'comment.created');
    expect(comment?.body.data.comment?.id).toBe(posted.body.id);
    const mails = await db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM notification_email WHERE user_id = $1 GROUP BY kind ORDER BY kind`,
      [member.id],
    );
    expect(mails.rows).toEqual([
      { kind: 'action.assigned', n: 1 },
      { kind: 'mention', n: 1 },
    ]);
  });
});

describe('A domain event consumer that fails', () => {
  let app: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    app = await createTestApp({});
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  it('is retried with back-off, without repeating the consumers that succeeded', async () => {
    const relay = app.server.app.get(DomainEventRelay);
    const seen: Array<{ name: string; attempt: number }> = [];
    let failures = 1;
    relay.subscribe('test-steady', {
      handle: async (event) => {
        if (event.type === 'action.assigned') seen.push({ name: 'steady', attempt: seen.length });
      },
    });
    relay.subscribe('test-flaky', {
      handle: async (event) => {
        if (event.type !== 'action.assigned') return;
        seen.push({ name: 'flaky', attempt: seen.length });
        if (failures-- > 0) throw new Error('the receiver is down');
      },
    });
    const editor = await createUser(app, 'editor');
    const member = await createUser(app, 'member');
    const action = await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Survive a failure', ownerId: member.id })
      .expect(201);
    const failed = await until(async () => {
      const { rows } = await db.query<{
        attempts: number;
        last_error: string;
        handled_by: string[];
      }>(
        `SELECT attempts, last_error, handled_by FROM domain_event WHERE payload ->> 'actionId' = $1`,
        [action.body.id],
      );
      return rows[0]?.attempts === 1 ? rows[0] : undefined;
    });
    expect(failed.last_error).toBe('the receiver is down');
    expect(failed.handled_by).toContain('test-steady');
    expect(failed.handled_by).not.toContain('test-flaky');
    // after the back-off (1 s) the flaky consumer runs again, the steady one does not
    await until(async () => {
      const { rows } = await db.query(
        `SELECT 1 FROM domain_event WHERE payload ->> 'actionId' = $1`,
        [action.body.id],
      );
      return rows.length === 0 ? true : undefined;
    });
    expect(seen.filter((entry) => entry.name === 'steady')).toHaveLength(1);
    expect(seen.filter((entry) => entry.name === 'flaky')).toHaveLength(2);
  });
});
