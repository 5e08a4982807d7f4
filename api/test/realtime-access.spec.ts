import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Received {
  type: string;
  payload: { threadId?: string; seq?: number; comment?: { body: string } };
}

/** Live rooms follow REST's access rules at every moment: joins, revocations, floods. */
describe('Realtime access', () => {
  let app: TestApp;
  let admin: TestUser;
  let groupId: string;
  let dateCounter = 0;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    groupId = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group.id;
  });
  afterAll(async () => {
    await app.close();
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

  async function setMembers(userIds: string[]): Promise<void> {
    await app.http
      .put(`/api/admin/groups/${groupId}/members`)
      .set(bearer(admin))
      .send({ userIds })
      .expect(200);
  }

  /** A briefing restricted to the Board group; its first discussion thread. */
  async function restrictedThread(): Promise<{ briefingId: string; threadId: string }> {
    dateCounter += 1;
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({
          content: sample.replaceAll('May 7, 2026', `June ${dateCounter}, 2026`),
          visibility: 'restricted',
          groupIds: [groupId],
        })
        .expect(201)
    ).body;
    return { briefingId: briefing.id, threadId: briefing.sections[0].discussion.threadId };
  }

  function connect(token: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  function record(socket: Socket): Received[] {
    const received: Received[] = [];
    socket.onAny((type: string, payload: Received['payload']) => received.push({ type, payload }));
    return received;
  }

  const post = (user: TestUser, threadId: string, body: string) =>
    app.http.post(`/api/threads/${threadId}/comments`).set(bearer(user)).send({ body });

  const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const disconnected = (socket: Socket) =>
    new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  it('never lets an outsider spamming thread:join receive a live comment or send typing', async () => {
    const insider = await createUser(app, 'member');
    const outsider = await createUser(app, 'member');
    await setMembers([insider.id]);
    const { threadId } = await restrictedThread();
    const reader = await connect(insider.token);
    const readerEvents = record(reader);
    expect(await reader.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: true,
    });

    const spy = await connect(outsider.token);
    const spyEvents = record(spy);
    const acks: unknown[] = [];
    let spamming = true;
    const spam = (async () => {
      while (spamming && spy.connected) {
        spy.emit('thread:join', { threadId, sinceSeq: 0 }, (ack: unknown) => acks.push(ack));
        spy.emit('thread:typing', { threadId });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    for (let i = 0; i < 60; i += 1)
      expect((await post(insider, threadId, `secret ${i}`)).status).toBe(201);
    await until(
      () => readerEvents.filter((event) => event.type === 'comment.created').length === 60,
      'the insider to see every comment',
    );
    spamming = false;
    await spam;

    expect(acks.length).toBeGreaterThan(0);
    expect(acks.every((ack) => (ack as { ok: boolean }).ok === false)).toBe(true);
    expect(spyEvents.filter((event) => event.payload?.threadId === threadId)).toEqual([]);
    expect(readerEvents.filter((event) => event.type === 'typing')).toEqual([]);
  });

  it('takes a removed group member out of the thread room at once, and refuses a re-join', async () => {
    const insider = await createUser(app, 'member');
    const other = await createUser(app, 'member');
    await setMembers([insider.id, other.id]);
    const { threadId } = await restrictedThread();
    const socket = await connect(other.token);
    const events = record(socket);
    await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 });
    expect((await post(insider, threadId, 'before')).status).toBe(201);
    await until(() => events.some((e) => e.type === 'comment.created'), 'the first comment');

    await setMembers([insider.id]);
    await until(() => events.some((e) => e.type === 'access:revoked'), 'access:revoked');
    expect((await post(insider, threadId, 'after removal')).status).toBe(201);
    // A comment the remover can still see proves the insider's post went out live meanwhile.
    const insiderSocket = await connect(insider.token);
    const insiderEvents = record(insiderSocket);
    await insiderSocket.emitWithAck('thread:join', { threadId, sinceSeq: 0 });
    await until(
      () => insiderEvents.filter((e) => e.type === 'comment.created').length === 2,
      'replay',
    );

    expect(
      events.filter((e) => e.type === 'comment.created').map((e) => e.payload.comment?.body),
    ).toEqual(['before']);
    expect(await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('takes outsiders out of a briefing’s threads when it is restricted to a group they are not in', async () => {
    const insider = await createUser(app, 'member');
    const outsider = await createUser(app, 'member');
    await setMembers([insider.id]);
    const { briefingId, threadId } = await restrictedThread();
    await app.http
      .patch(`/api/briefings/${briefingId}`)
      .set(bearer(admin))
      .send({ visibility: 'team' })
      .expect(200);
    const socket = await connect(outsider.token);
    const events = record(socket);
    expect(await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: true,
    });

    await app.http
      .patch(`/api/briefings/${briefingId}`)
      .set(bearer(admin))
      .send({ visibility: 'restricted', groupIds: [groupId] })
      .expect(200);
    await until(() => events.some((e) => e.type === 'access:revoked'), 'access:revoked');
    expect((await post(insider, threadId, 'board only')).status).toBe(201);
    const insiderSocket = await connect(insider.token);
    const insiderEvents = record(insiderSocket);
    await insiderSocket.emitWithAck('thread:join', { threadId, sinceSeq: 0 });
    await until(() => insiderEvents.some((e) => e.type === 'comment.created'), 'the replay');

    expect(events.filter((e) => e.type === 'comment.created')).toEqual([]);
    expect(await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('stops action.changed for follow-ups a removed member can no longer read', async () => {
    const insider = await createUser(app, 'member');
    const other = await createUser(app, 'member');
    await setMembers([insider.id, other.id]);
    const { briefingId } = await restrictedThread();
    const socket = await connect(other.token);
    const events = record(socket);
    expect(await socket.emitWithAck('actions:subscribe')).toEqual({ ok: true });
    const created = await app.http
      .post('/api/actions')
      .set(bearer(insider))
      .send({ title: 'Board-only action', links: [{ type: 'briefing', id: briefingId }] })
      .expect(201);
    await until(() => events.some((e) => e.type === 'action.changed'), 'the first action.changed');

    await setMembers([insider.id]);
    await until(() => events.some((e) => e.type === 'access:revoked'), 'access:revoked');
    const before = events.filter((e) => e.type === 'action.changed').length;
    await app.http
      .patch(`/api/actions/${created.body.id}`)
      .set(bearer(insider))
      .send({ status: 'in_progress' })
      .expect(200);
    // The insider's own socket sees the change, so it was published.
    const insiderSocket = await connect(insider.token);
    const insiderEvents = record(insiderSocket);
    await insiderSocket.emitWithAck('actions:subscribe');
    await app.http
      .patch(`/api/actions/${created.body.id}`)
      .set(bearer(insider))
      .send({ status: 'done' })
      .expect(200);
    await until(
      () => insiderEvents.some((e) => e.type === 'action.changed'),
      'insider action.changed',
    );
    expect(events.filter((e) => e.type === 'action.changed')).toHaveLength(before);
  });

  it.each([
    [
      'logout',
      async (user: TestUser) => {
        await app.http.post('/api/auth/logout').set(bearer(user)).expect(204);
      },
    ],
    [
      'deactivation',
      async (user: TestUser) => {
        await app.http
          .patch(`/api/admin/users/${user.id}`)
          .set(bearer(admin))
          .send({ active: false })
          .expect(200);
      },
    ],
    [
      'a password change in another session',
      async (user: TestUser) => {
        const other = await app.http
          .post('/api/auth/login')
          .send({ email: user.email, password: PASSWORD })
          .expect(200);
        await app.http
          .post('/api/auth/password')
          .set(bearer(other.body.token))
          .send({ currentPassword: PASSWORD, newPassword: 'another-long-password-1' })
          .expect(204);
      },
    ],
  ])(
    'cuts open sockets at once on %s, and the credential cannot replay the thread',
    async (_, revoke) => {
      const user = await createUser(app, 'member');
      await setMembers([user.id]);
      const { threadId } = await restrictedThread();
      expect((await post(admin, threadId, 'history')).status).toBe(201);
      const socket = await connect(user.token);
      const events = record(socket);
      await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 });
      const gone = disconnected(socket);

      await revoke(user);
      expect(await gone).toBe('io server disconnect');
      expect(events.find((e) => e.type === 'session:ended')).toBeDefined();
      await expect(connect(user.token)).rejects.toThrow('UNAUTHENTICATED');
    },
  );

  it('cuts sockets of a revoked API token, and a password change ends the tokens too', async () => {
    const user = await createUser(app, 'member');
    const token = (
      await app.http.post('/api/auth/tokens').set(bearer(user)).send({ name: 'script' }).expect(201)
    ).body;
    const socket = await connect(token.secret);
    const gone = disconnected(socket);
    await app.http.delete(`/api/auth/tokens/${token.token.id}`).set(bearer(user)).expect(204);
    expect(await gone).toBe('io server disconnect');

    const second = (
      await app.http
        .post('/api/auth/tokens')
        .set(bearer(user))
        .send({ name: 'script 2' })
        .expect(201)
    ).body;
    const tokenSocket = await connect(second.secret);
    const tokenGone = disconnected(tokenSocket);
    await app.http
      .post('/api/auth/password')
      .set(bearer(user))
      .send({ currentPassword: PASSWORD, newPassword: 'another-long-password-2' })
      .expect(204);
    expect(await tokenGone).toBe('io server disconnect');
    await app.http.get('/api/auth/me').set(bearer(second.secret)).expect(401);
    await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
  });

  it('refuses the restricted rooms to an admin token whose ceiling is below admin', async () => {
    const { threadId } = await restrictedThread();
    const token = (
      await app.http
        .post('/api/auth/tokens')
        .set(bearer(admin))
        .send({ name: 'member-level', role: 'member' })
        .expect(201)
    ).body;
    const socket = await connect(token.secret);
    expect(await socket.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const full = await connect(admin.token);
    expect(await full.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: true,
    });
  });

  it('refuses events over the rate limit and disconnects a flooding socket, while others are served', async () => {
    const flooder = await createUser(app, 'viewer');
    const { threadId } = await restrictedThread();
    const socket = await connect(flooder.token);
    const events = record(socket);
    const gone = disconnected(socket);
    const acks: Array<{ ok: boolean; error?: { code: string } }> = [];
    const timer = setInterval(() => {
      for (let i = 0; i < 20; i += 1)
        socket.emit('thread:join', { threadId, sinceSeq: 0 }, (ack: never) => acks.push(ack));
    }, 5);
    try {
      expect(await gone).toBe('io server disconnect');
    } finally {
      clearInterval(timer);
    }
    expect(acks.some((ack) => ack.error?.code === 'RATE_LIMITED')).toBe(true);
    expect(events.find((e) => e.type === 'session:ended')?.payload).toMatchObject({
      code: 'RATE_LIMITED',
    });
    await app.http.get('/api/health').expect(200);
    const calm = await connect((await createUser(app, 'viewer')).token);
    expect(await calm.emitWithAck('actions:subscribe')).toEqual({ ok: true });
  });
});
