import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface NotificationView {
  commentId: string | null;
  thread: { id: string } | null;
  readAt: string | null;
}

describe('Notifications', () => {
  let app: TestApp;
  let db: pg.Client;
  let editor: TestUser;
  let author: TestUser;
  let reader: TestUser;
  let threads: string[];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    editor = await createUser(app, 'editor');
    author = await createUser(app, 'member');
    reader = await createUser(app, 'member');
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body as { sections: Array<{ discussion: { threadId: string } | null }> };
    threads = briefing.sections.flatMap((s) => (s.discussion ? [s.discussion.threadId] : []));
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await db.end();
    await app.close();
  });

  const post = (user: TestUser, threadId: string, body: string) =>
    app.http.post(`/api/threads/${threadId}/comments`).set(bearer(user)).send({ body }).expect(201);
  const count = async (user: TestUser): Promise<number> =>
    (await app.http.get('/api/notifications/unread-count').set(bearer(user)).expect(200)).body
      .count;
  const unread = async (user: TestUser): Promise<NotificationView[]> =>
    (await app.http.get('/api/notifications?unread=true').set(bearer(user)).expect(200)).body
      .notifications;
  const readAll = (user: TestUser) =>
    app.http.post('/api/notifications/read').set(bearer(user)).send({ all: true }).expect(200);

  describe('GET /notifications/unread-count', () => {
    it('answers the unread count alone, the same number the list gives, capped at 100', async () => {
      const threadId = threads[0];
      await app.http.put(`/api/threads/${threadId}/follow`).set(bearer(reader)).expect(204);
      expect(await count(reader)).toBe(0);
      for (const n of [1, 2, 3]) await post(author, threadId, `Update ${n}`);

      const answer = await app.http
        .get('/api/notifications/unread-count')
        .set(bearer(reader))
        .expect(200);
      expect(answer.body).toEqual({ count: 3 });
      const list = await app.http.get('/api/notifications').set(bearer(reader)).expect(200);
      expect(list.body.unreadCount).toBe(3);
      // Nobody follows on the author's behalf: their own posts never count for them.
      expect(await count(author)).toBe(0);

      for (let batch = 0; batch < 5; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => post(author, threadId, `More ${batch}.${i}`)),
        );
      }
      expect(await count(reader)).toBe(100);
      expect(
        (await app.http.get('/api/notifications').set(bearer(reader)).expect(200)).body.unreadCount,
      ).toBe(100);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`,
        [reader.id],
      );
      expect(rows[0].n).toBe(103);

      await readAll(reader);
      expect(await count(reader)).toBe(0);
    });

    it('refuses callers who are not signed in, in the contract shape', async () => {
      expectError(await app.http.get('/api/notifications/unread-count'), 401, 'UNAUTHENTICATED');
      expectError(
        await app.http.get('/api/notifications/unread-count').set(bearer('not-a-real-token')),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('refuses null or malformed marks and queries with 400, in the contract shape', async () => {
      const user = await createUser(app, 'member');
      for (const body of [{ all: null }, { ids: null }, { ids: ['nope'] }, {}, { all: 'yes' }]) {
        expectError(
          await app.http.post('/api/notifications/read').set(bearer(user)).send(body),
          400,
          'VALIDATION_FAILED',
        );
      }
      expectError(
        await app.http.get('/api/notifications?unread=maybe').set(bearer(user)),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('opening a thread', () => {
    it('reads its notifications up to the read position, no further and no other thread or user', async () => {
      const [threadId, otherThread] = [threads[1], threads[2]];
      const bystander = await createUser(app, 'member');
      for (const user of [reader, bystander])
        for (const id of [threadId, otherThread])
          await app.http.put(`/api/threads/${id}/follow`).set(bearer(user)).expect(204);
      await readAll(reader);
      const comments = [];
      for (const n of [1, 2, 3]) comments.push((await post(author, threadId, `Point ${n}`)).body);
      const elsewhere = (await post(author, otherThread, 'Elsewhere')).body;
      expect(await count(reader)).toBe(4);

      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: reader.token },
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const pushed = new Promise<{ unreadCount: number }>((resolve) =>
        socket.once('notification.read', resolve),
      );

      await app.http
        .put(`/api/threads/${threadId}/read`)
        .set(bearer(reader))
        .send({ seq: comments[1].seq })
        .expect(204);
      expect(await count(reader)).toBe(2);
      expect((await unread(reader)).map((n) => n.commentId).sort()).toEqual(
        [comments[2].id, elsewhere.id].sort(),
      );
      await expect(pushed).resolves.toEqual({ unreadCount: 2 });
      // The same thread's notifications for someone else stay unread.
      expect(await count(bystander)).toBe(4);

      // A position past the end reads to the thread's last event.
      await app.http
        .put(`/api/threads/${threadId}/read`)
        .set(bearer(reader))
        .send({ seq: 10_000 })
        .expect(204);
      expect((await unread(reader)).map((n) => n.commentId)).toEqual([elsewhere.id]);
    });

    it('refuses a bad position or a thread the user may no longer read, changing nothing', async () => {
      const admin = await createUser(app, 'admin');
      const insider = await createUser(app, 'member');
      const leaver = await createUser(app, 'member');
      const group = (
        await app.http
          .post('/api/admin/groups')
          .set(bearer(admin))
          .send({ name: 'Board' })
          .expect(201)
      ).body.group;
      await app.http
        .put(`/api/admin/groups/${group.id}/members`)
        .set(bearer(admin))
        .send({ userIds: [insider.id, leaver.id] })
        .expect(200);
      const secret = (
        await app.http
          .post('/api/briefings/import')
          .set(bearer(admin))
          .send({
            content: sample.replaceAll('May 7, 2026', 'June 2, 2026'),
            visibility: 'restricted',
            groupIds: [group.id],
          })
          .expect(201)
      ).body;
      const secretThread = secret.sections[0].discussion.threadId as string;
      await app.http.put(`/api/threads/${secretThread}/follow`).set(bearer(leaver)).expect(204);
      const note = (await post(insider, secretThread, 'Board only')).body;
      expect(await count(leaver)).toBe(1);

      expectError(
        await app.http
          .put(`/api/threads/${secretThread}/read`)
          .set(bearer(leaver))
          .send({ seq: -1 }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .put(`/api/threads/${secretThread}/read`)
          .set(bearer(leaver))
          .send({ seq: 'all' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await count(leaver)).toBe(1);

      await app.http
        .put(`/api/admin/groups/${group.id}/members`)
        .set(bearer(admin))
        .send({ userIds: [insider.id] })
        .expect(200);
      expectError(
        await app.http
          .put(`/api/threads/${secretThread}/read`)
          .set(bearer(leaver))
          .send({ seq: note.seq }),
        404,
        'NOT_FOUND',
      );
      const { rows } = await db.query(
        `SELECT read_at FROM notification WHERE user_id = $1 AND comment_id = $2`,
        [leaver.id, note.id],
      );
      expect(rows).toEqual([{ read_at: null }]);
      // Someone who never could read it gets the same answer.
      const viewer = await createUser(app, 'viewer');
      expectError(
        await app.http
          .put(`/api/threads/${secretThread}/read`)
          .set(bearer(viewer))
          .send({ seq: 1 }),
        404,
        'NOT_FOUND',
      );
    });
  });
});
