import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface SocketEvent {
  type: string;
  seq: number;
  body: Record<string, unknown>;
}

describe('Thread system notes for action and decision status changes', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let threadId: string;
  let otherThreadId: string;
  let secretItem: string;
  let secretThread: string;
  let commentId: string;
  const sockets: Socket[] = [];

  async function joined(user: TestUser, thread: string): Promise<SocketEvent[]> {
    const socket = io(app.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: user.token },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const events: SocketEvent[] = [];
    socket.onAny((type: string, body: { seq?: number }) => {
      if (typeof body?.seq === 'number') events.push({ type, seq: body.seq, body: body });
    });
    const ack = await socket.timeout(5_000).emitWithAck('thread:join', {
      threadId: thread,
      sinceSeq: await lastSeq(thread),
    });
    expect(ack).toMatchObject({ ok: true });
    return events;
  }

  async function lastSeq(thread: string): Promise<number> {
    return (await app.http.get(`/api/threads/${thread}`).set(bearer(editor)).expect(200)).body
      .thread.lastSeq;
  }

  const until = async (check: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for socket events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  let groupId: string;
  beforeAll(async () => {
    app = await createTestApp({ REMINDER_INTERVAL_SECONDS: '0' });
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    outsider = await createUser(app, 'member');
    groupId = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group.id;
    await app.http
      .put(`/api/admin/groups/${groupId}/members`)
      .set(bearer(admin))
      .send({ userIds: [member.id] })
      .expect(200);
  });
  // Each test gets briefings (team and restricted) of its own, so notes never mix between tests.
  beforeEach(async () => {
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({ content: sampleOn(uniqueDate()) })
        .expect(201)
    ).body;
    threadId = briefing.sections[0].discussion.threadId;
    otherThreadId = briefing.sections[2].discussion.threadId;
    const secret = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({ content: sampleOn(uniqueDate()), visibility: 'restricted', groupIds: [groupId] })
        .expect(201)
    ).body;
    secretItem = secret.sections[0].items[0].id;
    secretThread = secret.sections[0].discussion.threadId;
    commentId = (
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: 'Someone should audit our GPU contracts.' })
        .expect(201)
    ).body.id;
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await app.close();
  });

  it('appends a system.note with the next seq when an action made from a comment changes status, live and stored', async () => {
    const action = (
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({ title: 'Audit GPU contracts', links: [{ type: 'comment', id: commentId }] })
        .expect(201)
    ).body;
    const before = await lastSeq(threadId);
    const events = await joined(outsider, threadId);
    // Not a status change: no note.
    await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ priority: 'high' })
      .expect(200);
    await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ status: 'in_progress' })
      .expect(200);
    await until(() => events.length === 1);
    expect(events[0]).toEqual({
      type: 'system.note',
      seq: before + 1,
      body: {
        threadId,
        seq: before + 1,
        kind: 'action.status',
        actionId: action.id,
        title: 'Audit GPU contracts',
        from: 'open',
        to: 'in_progress',
        by: { id: member.id, displayName: expect.any(String) },
        at: expect.any(String),
      },
    });
    expect(await lastSeq(threadId)).toBe(before + 1);
    // The next comment takes the seq after the note: one counter, no collision.
    const comment = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(member))
      .send({ body: 'Started.' })
      .expect(201);
    expect(comment.body.seq).toBe(before + 2);

    const notes = await app.http
      .get(`/api/threads/${threadId}/notes`)
      .set(bearer(outsider))
      .expect(200);
    expect(notes.body.notes).toEqual([events[0].body]);
    // A client reconnecting from before the note is replayed it.
    const replayed = io(app.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: outsider.token },
      reconnection: false,
    });
    sockets.push(replayed);
    const replay: SocketEvent[] = [];
    replayed.on('system.note', (body: { seq: number }) =>
      replay.push({ type: 'system.note', seq: body.seq, body }),
    );
    await replayed.timeout(5_000).emitWithAck('thread:join', { threadId, sinceSeq: before });
    expect(replay.map((event) => event.seq)).toEqual([before + 1]);
  });

  it('writes nothing on an illegal transition, and hides the title when the action is tied to another restricted briefing', async () => {
    const action = (
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({
          title: 'Board-sensitive follow-up',
          links: [
            { type: 'discussion', id: otherThreadId },
            { type: 'item', id: secretItem },
          ],
        })
        .expect(201)
    ).body;
    await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ status: 'done' })
      .expect(200);
    const seq = await lastSeq(otherThreadId);
    expectError(
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(member))
        .send({ status: 'blocked' }),
      409,
      'CONFLICT',
    );
    expect(await lastSeq(otherThreadId)).toBe(seq);
    const notes = (
      await app.http.get(`/api/threads/${otherThreadId}/notes`).set(bearer(outsider)).expect(200)
    ).body.notes;
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'action.status',
        actionId: action.id,
        title: null,
        to: 'done',
      }),
    ]);
  });

  it('notes a decision proposed in a thread and its acceptance; the thread finds its decision', async () => {
    const events = await joined(member, otherThreadId);
    const decision = (
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'Build flags in-house', statement: 'OpenFeature.', threadId: otherThreadId })
        .expect(201)
    ).body;
    expectError(
      await app.http
        .patch(`/api/decisions/${decision.id}`)
        .set(bearer(member))
        .send({ status: 'accepted' }),
      403,
      'FORBIDDEN',
    );
    await app.http
      .patch(`/api/decisions/${decision.id}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
    await until(() => events.length === 2);
    expect(
      events.map((event) => [event.type, event.body.kind, event.body.from, event.body.to]),
    ).toEqual([
      ['system.note', 'decision.status', null, 'proposed'],
      ['system.note', 'decision.status', 'proposed', 'accepted'],
    ]);
    expect(events[1].body).toMatchObject({
      decisionId: decision.id,
      title: 'Build flags in-house',
      by: { id: editor.id },
    });
    const top = await app.http
      .get(`/api/decisions?threadId=${otherThreadId}&status=accepted`)
      .set(bearer(outsider))
      .expect(200);
    expect(top.body.decisions.map((d: { id: string }) => d.id)).toEqual([decision.id]);
  });

  it("keeps a restricted thread's notes from outsiders", async () => {
    await app.http
      .post('/api/decisions')
      .set(bearer(member))
      .send({ title: 'Secret call', statement: 'Yes.', threadId: secretThread })
      .expect(201);
    const notes = await app.http
      .get(`/api/threads/${secretThread}/notes`)
      .set(bearer(member))
      .expect(200);
    expect(notes.body.notes).toEqual([
      expect.objectContaining({ title: 'Secret call', to: 'proposed' }),
    ]);
    expectError(
      await app.http.get(`/api/threads/${secretThread}/notes`).set(bearer(outsider)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.get('/api/threads/not-a-uuid/notes').set(bearer(member)),
      400,
      'VALIDATION_FAILED',
    );
  });
});
