import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyWebhook } from '../src/inbound/standard-webhook.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { startLocalWebServer, type LocalWebServer } from './support/local-web-server.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  body: Record<string, unknown>;
}

interface Delivery {
  id: string;
  event: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  attemptLog: Array<{ status: number | null; error: string | null }>;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Outbound webhooks', () => {
  let app: TestApp;
  let receiver: LocalWebServer;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let groupId: string;
  let teamThread: string;
  let restrictedThread: string;
  const received: Received[] = [];
  /** Status codes the receiver answers next, per path (then 200). */
  const scripted = new Map<string, number[]>();

  const receive = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = request.url ?? '/';
      received.push({
        path,
        headers: request.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')),
      });
      const status = scripted.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  };

  beforeAll(async () => {
    receiver = await startLocalWebServer();
    for (const path of ['/json', '/slack', '/teams', '/flaky', '/scoped', '/never'])
      receiver.route(path, receive);
    app = await createTestApp({
      OUTBOUND_ALLOWLIST: receiver.hostPort,
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_MAX_ATTEMPTS: '4',
      JOB_POLL_INTERVAL_MS: '500',
    });
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    const group = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Board' })
      .expect(201);
    groupId = group.body.group.id;
    const importThread = async (extra: object) => {
      const briefing = await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({ content: sampleOn(uniqueDate()), format: 'text', ...extra })
        .expect(201);
      return (briefing.body.sections as Array<{ discussion: { threadId: string } | null }>).find(
        (section) => section.discussion,
      )?.discussion?.threadId as string;
    };
    teamThread = await importThread({});
    restrictedThread = await importThread({ visibility: 'restricted', groupIds: [groupId] });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  const create = (body: object, user: TestUser = admin) =>
    app.http.post('/api/webhooks').set(bearer(user)).send(body);
  const comment = (threadId: string, body: string, user: TestUser = member) =>
    app.http.post(`/api/threads/${threadId}/comments`).set(bearer(user)).send({ body }).expect(201);
  const deliveries = async (hookId: string): Promise<Delivery[]> =>
    (await app.http.get(`/api/webhooks/${hookId}/deliveries`).set(bearer(admin)).expect(200)).body
      .deliveries;
  const takeFrom = (path: string) => {
    const mine = received.filter((entry) => entry.path === path);
    received.splice(0, received.length, ...received.filter((entry) => entry.path !== path));
    return mine;
  };

  describe('managing hooks', () => {
    it('creates a hook for an admin and shows the secret once', async () => {
      const created = await create({
        url: receiver.url('/never'),
        events: ['briefing.imported'],
        format: 'json',
        description: 'Ops channel',
      }).expect(201);
      expect(created.body).toMatchObject({
        id: created.body.webhook.id,
        webhook: {
          url: receiver.url('/never'),
          events: ['briefing.imported'],
          format: 'json',
          groupId: null,
          active: true,
          description: 'Ops channel',
        },
      });
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const listed = await app.http.get('/api/webhooks').set(bearer(admin)).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
      const audit = await app.http
        .get('/api/admin/audit?action=admin.webhook.created')
        .set(bearer(admin))
        .expect(200);
      expect(audit.body.events.map((event: { action: string }) => event.action)).toContain(
        'admin.webhook.created',
      );
      const updated = await app.http
        .patch(`/api/webhooks/${created.body.id}`)
        .set(bearer(admin))
        .send({ active: false, format: 'slack' })
        .expect(200);
      expect(updated.body.webhook).toMatchObject({ active: false, format: 'slack' });
      await app.http.delete(`/api/webhooks/${created.body.id}`).set(bearer(admin)).expect(204);
      expectError(
        await app.http.get(`/api/webhooks/${created.body.id}`).set(bearer(admin)),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses everyone but admins', async () => {
      const body = { url: receiver.url('/never'), events: ['comment.created'] };
      expectError(await create(body, editor), 403, 'FORBIDDEN');
      expectError(await create(body, member), 403, 'FORBIDDEN');
      expectError(await app.http.post('/api/webhooks').send(body), 401, 'UNAUTHENTICATED');
      expectError(await app.http.get('/api/webhooks').set(bearer(member)), 403, 'FORBIDDEN');
    });

    it('refuses bad input with 4xx and stores nothing', async () => {
      const before = (await app.http.get('/api/webhooks').set(bearer(admin))).body.webhooks.length;
      const url = receiver.url('/never');
      expectError(await create({ url, events: [] }), 400, 'VALIDATION_FAILED');
      expectError(await create({ url, events: ['comment.exploded'] }), 400, 'VALIDATION_FAILED');
      expectError(await create({ url }), 400, 'VALIDATION_FAILED');
      expectError(
        await create({ url, events: ['comment.created'], format: 'xml' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await create({
          url,
          events: ['comment.created'],
          groupId: '00000000-0000-4000-8000-000000000000',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await create({ url: 'not a url', events: ['comment.created'] }),
        400,
        'VALIDATION_FAILED',
      );
      // an internal address outside the allowlist: the SSRF rule
      expectError(
        await create({ url: 'http://127.0.0.1:9/hook', events: ['comment.created'] }),
        422,
        'URL_NOT_ALLOWED',
      );
      expectError(
        await create({ url: 'http://169.254.169.254/latest', events: ['comment.created'] }),
        422,
        'URL_NOT_ALLOWED',
      );
      expectError(
        await app.http.get('/api/webhooks/not-a-uuid/deliveries').set(bearer(admin)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .post(
            '/api/webhooks/00000000-0000-4000-8000-000000000000/deliveries/00000000-0000-4000-8000-000000000001/replay',
          )
          .set(bearer(admin)),
        404,
        'NOT_FOUND',
      );
      const after = (await app.http.get('/api/webhooks').set(bearer(admin))).body.webhooks.length;
      expect(after).toBe(before);
    });
  });

  describe('delivering', () => {
    it('posts comment.created signed per Standard Webhooks, with a link to the comment', async () => {
      const hook = await create({
        url: receiver.url('/json'),
        events: ['comment.created', 'thread.resolved'],
      }).expect(201);
      const posted = await comment(teamThread, 'Ship the **pilot** on Monday');
      const [delivery] = await until(async () => {
        const got = received.filter((entry) => entry.path === '/json');
        return got.length ? got : undefined;
      });
      takeFrom('/json');
      const verdict = verifyWebhook(hook.body.secret, delivery.headers, delivery.raw);
      expect(verdict).toMatchObject({ ok: true });
      expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.body).toMatchObject({
        type: 'comment.created',
        data: {
          comment: { id: posted.body.id, body: 'Ship the **pilot** on Monday' },
          thread: { id: teamThread },
          url: `${app.config.publicUrl.origin}/threads/${teamThread}#comment-${posted.body.id}`,
        },
      });
      // a tampered body fails the same check
      expect(
        verifyWebhook(
          hook.body.secret,
          delivery.headers,
          Buffer.concat([delivery.raw, Buffer.from(' ')]),
        ),
      ).toMatchObject({ ok: false });
      const log = await until(async () => {
        const rows = await deliveries(hook.body.id);
        return rows[0]?.state === 'delivered' ? rows : undefined;
      });
      expect(log[0]).toMatchObject({
        id: delivery.headers['webhook-id'],
        event: 'comment.created',
        attempts: 1,
        lastStatus: 200,
      });
      await app.http.delete(`/api/webhooks/${hook.body.id}`).set(bearer(admin)).expect(204);
    });

    it('retries a failing receiver with back-off, logs each attempt, and replays on request', async () => {
      const hook = await create({
        url: receiver.url('/flaky'),
        events: ['thread.resolved'],
      }).expect(201);
      scripted.set('/flaky', [500, 503]);
      await app.http
        .patch(`/api/threads/${teamThread}`)
        .set(bearer(admin))
        .send({ state: 'resolved', outcome: 'Pilot ships Monday' })
        .expect(200);
      const [row] = await until(async () => {
        const rows = await deliveries(hook.body.id);
        return rows[0]?.state === 'delivered' ? rows : undefined;
      });
      expect(row.attempts).toBe(3);
      expect(row.attemptLog.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
      const sent = takeFrom('/flaky');
      expect(sent).toHaveLength(3);
      // every retry is the same message: the same webhook-id, each freshly signed
      expect(new Set(sent.map((entry) => entry.headers['webhook-id']))).toEqual(new Set([row.id]));
      for (const entry of sent)
        expect(verifyWebhook(hook.body.secret, entry.headers, entry.raw)).toMatchObject({
          ok: true,
        });
      expect(sent[0].body).toMatchObject({
        type: 'thread.resolved',
        data: { thread: { id: teamThread, outcome: 'Pilot ships Monday' } },
      });

      const replayed = await app.http
        .post(`/api/webhooks/${hook.body.id}/deliveries/${row.id}/replay`)
        .set(bearer(admin))
        .expect(202);
      expect(replayed.body.delivery).toMatchObject({ id: row.id, state: 'pending' });
      const [again] = await until(async () => {
        const got = received.filter((entry) => entry.path === '/flaky');
        return got.length ? got : undefined;
      });
      expect(again.headers['webhook-id']).toBe(row.id);
      takeFrom('/flaky');
      // A delivery this hook does not have is not found.
      expectError(
        await app.http
          .post(`/api/webhooks/${hook.body.id}/deliveries/${randomUUID()}/replay`)
          .set(bearer(admin)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http
          .post(`/api/webhooks/${hook.body.id}/deliveries/${row.id}/replay`)
          .set(bearer(editor)),
        403,
        'FORBIDDEN',
      );
      await app.http.delete(`/api/webhooks/${hook.body.id}`).set(bearer(admin)).expect(204);
    });

    it('gives up after the configured attempts and says why', async () => {
      const hook = await create({
        url: receiver.url('/flaky'),
        events: ['comment.created'],
      }).expect(201);
      scripted.set('/flaky', [500, 500, 500, 500]);
      await comment(teamThread, 'Nobody is listening');
      const [row] = await until(async () => {
        const rows = await deliveries(hook.body.id);
        return rows[0]?.state === 'failed' ? rows : undefined;
      });
      expect(row).toMatchObject({ attempts: 4, lastStatus: 500 });
      takeFrom('/flaky');
      await app.http.delete(`/api/webhooks/${hook.body.id}`).set(bearer(admin)).expect(204);
    });

    it('sends Slack Block Kit and a Teams Adaptive Card', async () => {
      const slack = await create({
        url: receiver.url('/slack'),
        events: ['comment.created'],
        format: 'slack',
      }).expect(201);
      const teams = await create({
        url: receiver.url('/teams'),
        events: ['comment.created'],
        format: 'teams',
      }).expect(201);
      await comment(teamThread, 'Chat formats <now> & later');
      const [slackBody] = await until(async () => {
        const got = received.filter((entry) => entry.path === '/slack');
        return got.length ? got : undefined;
      });
      const [teamsBody] = await until(async () => {
        const got = received.filter((entry) => entry.path === '/teams');
        return got.length ? got : undefined;
      });
      takeFrom('/slack');
      takeFrom('/teams');
      expect(slackBody.body).toMatchObject({
        blocks: expect.arrayContaining([
          {
            type: 'section',
            text: { type: 'mrkdwn', text: 'Chat formats &lt;now&gt; &amp; later' },
          },
        ]),
      });
      expect(teamsBody.body).toMatchObject({
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: { type: 'AdaptiveCard', actions: [{ type: 'Action.OpenUrl' }] },
          },
        ],
      });
      expect(verifyWebhook(teams.body.secret, teamsBody.headers, teamsBody.raw)).toMatchObject({
        ok: true,
      });
      await app.http.delete(`/api/webhooks/${slack.body.id}`).set(bearer(admin)).expect(204);
      await app.http.delete(`/api/webhooks/${teams.body.id}`).set(bearer(admin)).expect(204);
    });

    it('never lets a restricted briefing out unless the hook is scoped to its group', async () => {
      const open = await create({ url: receiver.url('/json'), events: ['comment.created'] }).expect(
        201,
      );
      const scoped = await create({
        url: receiver.url('/scoped'),
        events: ['comment.created'],
        groupId,
      }).expect(201);
      await comment(restrictedThread, 'Board-only: the acquisition', admin);
      const [secret] = await until(async () => {
        const got = received.filter((entry) => entry.path === '/scoped');
        return got.length ? got : undefined;
      });
      expect(secret.body).toMatchObject({
        data: { comment: { body: 'Board-only: the acquisition' } },
      });
      // a team comment after it reaches both, so the open hook had its chance at the first
      await comment(teamThread, 'Team news');
      await until(async () => {
        const got = received.filter((entry) => entry.path === '/json');
        return got.length ? got : undefined;
      });
      const openBodies = takeFrom('/json').map((entry) => JSON.stringify(entry.body));
      expect(openBodies.join('\n')).not.toContain('acquisition');
      expect(await deliveries(open.body.id)).toHaveLength(1);
      takeFrom('/scoped');
      await app.http.delete(`/api/webhooks/${open.body.id}`).set(bearer(admin)).expect(204);
      await app.http.delete(`/api/webhooks/${scoped.body.id}`).set(bearer(admin)).expect(204);
    });

    it('announces imports, accepted decisions and assigned actions', async () => {
      const hook = await create({
        url: receiver.url('/json'),
        events: ['briefing.imported', 'decision.accepted', 'action.assigned'],
      }).expect(201);
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send({ content: sampleOn(uniqueDate()), format: 'text' })
        .expect(201);
      const decision = await app.http
        .post('/api/decisions')
        .set(bearer(editor))
        .send({ title: 'Adopt pilot', statement: 'We run the pilot', threadId: teamThread })
        .expect(201);
      await app.http
        .patch(`/api/decisions/${decision.body.id}`)
        .set(bearer(editor))
        .send({ status: 'accepted' })
        .expect(200);
      await app.http
        .post('/api/actions')
        .set(bearer(editor))
        .send({ title: 'Book the room', ownerId: member.id })
        .expect(201);
      const types = await until(async () => {
        const got = received.filter((entry) => entry.path === '/json').map((e) => e.body.type);
        return got.length >= 3 ? got : undefined;
      });
      expect(new Set(types)).toEqual(
        new Set(['briefing.imported', 'decision.accepted', 'action.assigned']),
      );
      takeFrom('/json');
      await app.http.delete(`/api/webhooks/${hook.body.id}`).set(bearer(admin)).expect(204);
    });
  });
});
