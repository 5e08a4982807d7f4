import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Comment {
  id: string;
  seq: number;
  parentId: string | null;
  body: string | null;
  bodyHtml: string | null;
  deletedAt: string | null;
  reactions: Array<{ emoji: string; count: number; userIds: string[] }>;
}

describe('Discussions', () => {
  let app: TestApp;
  let editor: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let threadId: string;
  let briefing: {
    id: string;
    sections: Array<{ items: Array<{ id: string }>; discussion: { threadId: string } | null }>;
  };

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor', { email: 'eddie@example.com' });
    member = await createUser(app, 'member', { email: 'mia@example.com' });
    viewer = await createUser(app, 'viewer', { email: 'vic@example.com' });
  });
  // Each test discusses a briefing of its own, so no test sees another's comments or seqs.
  beforeEach(async () => {
    briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sampleOn(uniqueDate()))
        .expect(201)
    ).body;
    threadId = briefing.sections[0].discussion!.threadId;
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (user: TestUser, body: object, key?: string) => {
    const request = app.http.post(`/api/threads/${threadId}/comments`).set(bearer(user));
    if (key) request.set('Idempotency-Key', key);
    return request.send(body);
  };

  it('shows a thread with its prompt, briefing and the items of its section', async () => {
    const page = await app.http.get(`/api/threads/${threadId}`).set(bearer(viewer)).expect(200);
    expect(page.body.thread).toMatchObject({
      id: threadId,
      state: 'open',
      lastSeq: 0,
      commentCount: 0,
      briefing: { id: briefing.id, slug: expect.stringMatching(/^daily-sync-2031-/) },
      prompt: { prompt: expect.stringMatching(/^Where are your AI infra plans/) },
    });
    expect(page.body.thread.items).toHaveLength(3);
    expect(page.body.comments).toEqual([]);
  });

  it('posts nested Markdown comments with a seq that rises by one per event', async () => {
    const root = await post(member, { body: 'We should **rotate keys** weekly, @eddie.' }).expect(
      201,
    );
    expect(root.body).toMatchObject({
      threadId,
      parentId: null,
      seq: 1,
      author: { handle: 'mia' },
      reactions: [],
    });
    expect(root.body.bodyHtml).toBe(
      '<p>We should <strong>rotate keys</strong> weekly, <span class="mention">@eddie</span>.</p>',
    );
    const reply = await post(editor, {
      body: '> rotate keys weekly\n\nAgreed.',
      parentId: root.body.id,
    }).expect(201);
    expect(reply.body).toMatchObject({ parentId: root.body.id, seq: 2 });
    expect(reply.body.bodyHtml).toContain('<blockquote>');
    const deeper = await post(member, { body: 'Third level', parentId: reply.body.id }).expect(201);
    expect(deeper.body.seq).toBe(3);

    const page = await app.http.get(`/api/threads/${threadId}`).set(bearer(viewer)).expect(200);
    expect(page.body.comments.map((c: Comment) => c.seq)).toEqual([1, 2, 3]);
    expect(page.body.thread).toMatchObject({ lastSeq: 3, commentCount: 3 });
    const briefingView = await app.http
      .get(`/api/briefings/${briefing.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(briefingView.body.sections[0].discussion.commentCount).toBe(3);
  });

  it('notifies the mentioned and the replied-to, and follows the authors', async () => {
    const root = await post(member, { body: 'Over to you, @eddie.' }).expect(201);
    await post(editor, { body: 'On it.', parentId: root.body.id }).expect(201);
    const notifications = await app.http
      .get('/api/notifications?unread=true')
      .set(bearer(editor))
      .expect(200);
    expect(notifications.body.notifications.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['mention']),
    );
    const mia = await app.http.get('/api/notifications').set(bearer(member)).expect(200);
    expect(mia.body.notifications.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['reply']),
    );
    expect(mia.body.unreadCount).toBeGreaterThan(0);
    const read = await app.http
      .post('/api/notifications/read')
      .set(bearer(member))
      .send({ all: true })
      .expect(200);
    expect(read.body.unreadCount).toBe(0);
    expectError(
      await app.http.post('/api/notifications/read').set(bearer(member)).send({}),
      400,
      'VALIDATION_FAILED',
    );
    const thread = await app.http.get(`/api/threads/${threadId}`).set(bearer(member)).expect(200);
    expect(thread.body.thread.following).toBe(true);
  });

  it('returns the first result for a retried Idempotency-Key and creates nothing more', async () => {
    const first = await post(member, { body: 'Exactly once' }, 'retry-key-1').expect(201);
    const again = await post(member, { body: 'Exactly once' }, 'retry-key-1').expect(201);
    expect(again.body).toEqual(first.body);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => post(member, { body: 'Concurrent once' }, 'retry-key-2')),
    );
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
    expectError(
      await post(member, { body: 'Different body' }, 'retry-key-1'),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    const page = await app.http.get(`/api/threads/${threadId}`).set(bearer(member)).expect(200);
    expect(
      page.body.comments.filter(
        (c: Comment) => c.body === 'Exactly once' || c.body === 'Concurrent once',
      ),
    ).toHaveLength(2);
  });

  describe('posts arriving together', () => {
    let target: string;
    let db: pg.Client;
    beforeAll(async () => {
      db = new pg.Client({ connectionString: app.databaseUrl });
      await db.connect();
    });
    afterAll(() => db.end());
    beforeEach(async () => {
      const itemId = briefing.sections[1].items[1].id;
      target = (await app.http.post(`/api/items/${itemId}/thread`).set(bearer(member)).expect(201))
        .body.id;
    });
    const postTo = (user: TestUser, body: object, key?: string) => {
      const request = app.http.post(`/api/threads/${target}/comments`).set(bearer(user));
      if (key) request.set('Idempotency-Key', key);
      return request.send(body);
    };

    it('are written in groups, each post with the next seq, its event and its notifications', async () => {
      // The viewer follows before: every post notifies them. Each author follows from their first post on.
      await app.http.put(`/api/threads/${target}/follow`).set(bearer(viewer)).expect(204);
      const authors = [
        member,
        editor,
        await createUser(app, 'member'),
        await createUser(app, 'member'),
      ];
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => postTo(authors[i % 4], { body: `Burst ${i}` })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
      const bySeq = new Map(
        responses.map((r) => [
          r.body.seq as number,
          r.body as Comment & { author: { id: string } },
        ]),
      );
      expect([...bySeq.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );

      // Rows written by one statement share its transaction id: fewer transactions than posts means groups.
      const { rows: written } = await db.query(
        `SELECT c.id, c.seq::int AS seq, c.author_id, c.xmin::text AS tx, e.payload -> 'comment' ->> 'id' AS event_comment
           FROM comment c LEFT JOIN thread_event e ON e.thread_id = c.thread_id AND e.seq = c.seq AND e.type = 'comment.created'
          WHERE c.thread_id = $1 ORDER BY c.seq`,
        [target],
      );
      expect(written.map((row) => row.seq)).toEqual([...bySeq.keys()].sort((a, b) => a - b));
      for (const row of written) {
        expect(row.id).toBe(bySeq.get(row.seq)!.id);
        expect(row.event_comment).toBe(row.id);
      }
      expect(new Set(written.map((row) => row.tx)).size).toBeLessThan(40);
      const thread = await app.http.get(`/api/threads/${target}`).set(bearer(viewer)).expect(200);
      expect(thread.body.thread).toMatchObject({ lastSeq: 40, commentCount: 40 });

      // Exactly who sequential posts would notify: the viewer, and every other author whose first post came earlier.
      const firstSeq = new Map<string, number>();
      for (const row of written)
        if (!firstSeq.has(row.author_id)) firstSeq.set(row.author_id, row.seq);
      const { rows: notified } = await db.query(
        `SELECT comment_id, array_agg(user_id::text ORDER BY user_id) AS users FROM notification WHERE thread_id = $1 GROUP BY comment_id`,
        [target],
      );
      const recipients = new Map(notified.map((row) => [row.comment_id, row.users as string[]]));
      for (const row of written) {
        const expected = [
          viewer.id,
          ...[...firstSeq]
            .filter(([user, first]) => user !== row.author_id && first < row.seq)
            .map(([user]) => user),
        ].sort();
        expect(recipients.get(row.id) ?? []).toEqual(expected);
      }
    });

    it('keep each post its own answer: a repeated key once, a bad parent refused, the rest in order', async () => {
      const before = (await app.http.get(`/api/threads/${target}`).set(bearer(viewer)).expect(200))
        .body.thread.lastSeq as number;
      const elsewhere = (await post(member, { body: 'In the first thread' }).expect(201))
        .body as Comment;
      const responses = await Promise.all([
        postTo(member, { body: 'Once in a burst' }, 'burst-key'),
        postTo(editor, { body: 'Alongside 1' }),
        postTo(member, { body: 'Once in a burst' }, 'burst-key'),
        postTo(editor, { body: 'Wrong parent', parentId: elsewhere.id }),
        postTo(member, { body: 'Once in a burst' }, 'burst-key'),
        postTo(editor, { body: 'Alongside 2' }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 400, 201, 201]);
      expectError(responses[3], 400, 'VALIDATION_FAILED');
      const keyed = [responses[0], responses[2], responses[4]].map((r) => r.body.id);
      expect(new Set(keyed).size).toBe(1);
      const created = new Set([responses[0], responses[1], responses[5]].map((r) => r.body.seq));
      expect([...created].sort((a, b) => a - b)).toEqual([before + 1, before + 2, before + 3]);
      const { rows } = await db.query(
        `SELECT count(*)::int AS comments, max(seq)::int AS last FROM comment WHERE thread_id = $1 AND seq > $2`,
        [target, before],
      );
      expect(rows[0]).toEqual({ comments: 3, last: before + 3 });
    });
  });

  it('edits with visible history, reacts, and deletes as a tombstone', async () => {
    const comment = (await post(member, { body: 'First draft' }).expect(201)).body as Comment;
    const reply = (await post(editor, { body: 'A reply', parentId: comment.id }).expect(201))
      .body as Comment;
    const edited = await app.http
      .patch(`/api/comments/${comment.id}`)
      .set(bearer(member))
      .send({ body: 'Second draft' })
      .expect(200);
    expect(edited.body).toMatchObject({ body: 'Second draft', editedAt: expect.any(String) });
    expect(edited.body.seq).toBe(comment.seq);
    const history = await app.http
      .get(`/api/comments/${comment.id}/revisions`)
      .set(bearer(viewer))
      .expect(200);
    expect(history.body.revisions).toEqual([
      expect.objectContaining({
        body: 'First draft',
        editor: expect.objectContaining({ handle: 'mia' }),
      }),
    ]);

    const reacted = await app.http
      .put(`/api/comments/${comment.id}/reactions/rocket`)
      .set(bearer(editor))
      .expect(200);
    expect(reacted.body.reactions).toEqual([{ emoji: 'rocket', count: 1, userIds: [editor.id] }]);
    await app.http
      .put(`/api/comments/${comment.id}/reactions/rocket`)
      .set(bearer(editor))
      .expect(200);
    expectError(
      await app.http.put(`/api/comments/${comment.id}/reactions/skull`).set(bearer(editor)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.put(`/api/comments/${comment.id}/reactions/rocket`).set(bearer(viewer)),
      403,
      'FORBIDDEN',
    );
    const unreacted = await app.http
      .delete(`/api/comments/${comment.id}/reactions/rocket`)
      .set(bearer(editor))
      .expect(200);
    expect(unreacted.body.reactions).toEqual([]);

    const other = await createUser(app, 'member');
    expectError(
      await app.http
        .patch(`/api/comments/${comment.id}`)
        .set(bearer(other))
        .send({ body: 'hijack' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await app.http.delete(`/api/comments/${comment.id}`).set(bearer(other)),
      403,
      'FORBIDDEN',
    );
    await app.http.delete(`/api/comments/${comment.id}`).set(bearer(member)).expect(204);
    const page = await app.http
      .get(`/api/threads/${threadId}?limit=500`)
      .set(bearer(viewer))
      .expect(200);
    const tombstone = page.body.comments.find((c: Comment) => c.id === comment.id);
    expect(tombstone).toMatchObject({ body: null, bodyHtml: null, deletedAt: expect.any(String) });
    expect(page.body.comments.find((c: Comment) => c.id === reply.id)).toMatchObject({
      parentId: comment.id,
      body: 'A reply',
    });
    expectError(
      await app.http
        .patch(`/api/comments/${comment.id}`)
        .set(bearer(member))
        .send({ body: 'back' }),
      409,
      'CONFLICT',
    );
    // Editors moderate any comment.
    await app.http.delete(`/api/comments/${reply.id}`).set(bearer(editor)).expect(204);
  });

  it('refuses bad input and viewers in the contract shape', async () => {
    expectError(await post(member, { body: '' }), 400, 'VALIDATION_FAILED');
    expectError(await post(member, { body: '   \n ' }), 400, 'VALIDATION_FAILED');
    expectError(await post(member, {}), 400, 'VALIDATION_FAILED');
    expectError(await post(member, { body: 'x'.repeat(64 * 1024 + 1) }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await post(viewer, { body: 'I only read' }), 403, 'FORBIDDEN');
    const elsewhere = briefing.sections[1].discussion!.threadId;
    const foreign = (
      await app.http
        .post(`/api/threads/${elsewhere}/comments`)
        .set(bearer(member))
        .send({ body: 'other thread' })
        .expect(201)
    ).body;
    expectError(
      await post(member, { body: 'cross-thread reply', parentId: foreign.id }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await post(member, { body: 'bad parent', parentId: 'nope' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/threads/00000000-0000-4000-8000-000000000000/comments')
        .set(bearer(member))
        .send({ body: 'x' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.get(`/api/threads/${threadId}?limit=5000`).set(bearer(member)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await post(member, { body: 'x' }, 'bad key with spaces'), 400, 'VALIDATION_FAILED');
  });

  it('answers a malformed thread id with 400 like every route that takes an id', async () => {
    const malformed = [
      app.http.get('/api/threads/not-a-uuid'),
      app.http.post('/api/threads/not-a-uuid/comments').send({ body: 'x' }),
      app.http.patch('/api/threads/not-a-uuid').send({ state: 'converging' }),
      app.http.put('/api/threads/not-a-uuid/read').send({ seq: 1 }),
      app.http.put('/api/threads/not-a-uuid/follow'),
      app.http.get('/api/comments/not-a-uuid/revisions'),
      // The same rule elsewhere: a malformed id is bad input, a well-formed unknown one is not found.
      app.http.get('/api/actions/not-a-uuid'),
      app.http.get('/api/decisions/not-a-uuid'),
    ];
    for (const request of malformed)
      expectError(await request.set(bearer(member)), 400, 'VALIDATION_FAILED');
    expectError(
      await app.http.get('/api/threads/00000000-0000-4000-8000-000000000000').set(bearer(member)),
      404,
      'NOT_FOUND',
    );
  });

  it('moves through open → converging → resolved, and resolving needs a one-line outcome', async () => {
    const target = briefing.sections[2].discussion!.threadId;
    await app.http
      .patch(`/api/threads/${target}`)
      .set(bearer(member))
      .send({ state: 'converging' })
      .expect(200);
    expectError(
      await app.http
        .patch(`/api/threads/${target}`)
        .set(bearer(member))
        .send({ state: 'resolved' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .patch(`/api/threads/${target}`)
        .set(bearer(member))
        .send({ state: 'resolved', outcome: 'two\nlines' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.patch(`/api/threads/${target}`).set(bearer(viewer)).send({ state: 'open' }),
      403,
      'FORBIDDEN',
    );
    // Resolving is for editors and the thread's starter (the importer, for a prompt's thread).
    expectError(
      await app.http
        .patch(`/api/threads/${target}`)
        .set(bearer(member))
        .send({ state: 'resolved', outcome: 'Build the flags in-house.' }),
      403,
      'FORBIDDEN',
    );
    const resolved = await app.http
      .patch(`/api/threads/${target}`)
      .set(bearer(editor))
      .send({ state: 'resolved', outcome: 'Build the flags in-house.' })
      .expect(200);
    // Each move is a thread.updated event and a note in the timeline: seqs 1–4.
    expect(resolved.body).toMatchObject({
      state: 'resolved',
      outcome: 'Build the flags in-house.',
      lastSeq: 4,
    });
    const unresolved = await app.http.get('/api/threads').set(bearer(viewer)).expect(200);
    expect(unresolved.body.threads.map((t: { id: string }) => t.id)).not.toContain(target);
    const resolvedList = await app.http
      .get('/api/threads?state=resolved')
      .set(bearer(viewer))
      .expect(200);
    expect(resolvedList.body.threads.map((t: { id: string }) => t.id)).toContain(target);
    expectError(
      await app.http.get('/api/threads?state=closed').set(bearer(viewer)),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('opens one thread per item on request', async () => {
    const itemId = briefing.sections[0].items[0].id;
    const created = await app.http
      .post(`/api/items/${itemId}/thread`)
      .set(bearer(member))
      .expect(201);
    expect(created.body).toMatchObject({ item: { id: itemId }, prompt: null, state: 'open' });
    const again = await app.http
      .post(`/api/items/${itemId}/thread`)
      .set(bearer(editor))
      .expect(200);
    expect(again.body.id).toBe(created.body.id);
    expectError(
      await app.http.post(`/api/items/${itemId}/thread`).set(bearer(viewer)),
      403,
      'FORBIDDEN',
    );
    expectError(
      await app.http
        .post('/api/items/00000000-0000-4000-8000-000000000000/thread')
        .set(bearer(member)),
      404,
      'NOT_FOUND',
    );
    const view = await app.http
      .get(`/api/briefings/${briefing.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(view.body.sections[0].items[0].threadId).toBe(created.body.id);
  });

  it('keeps a read position and follow state per user', async () => {
    await post(member, { body: 'one' }).expect(201);
    await post(member, { body: 'two' }).expect(201);
    await app.http
      .put(`/api/threads/${threadId}/read`)
      .set(bearer(viewer))
      .send({ seq: 2 })
      .expect(204);
    expect(
      (await app.http.get(`/api/threads/${threadId}`).set(bearer(viewer)).expect(200)).body.thread
        .lastReadSeq,
    ).toBe(2);
    await app.http.put(`/api/threads/${threadId}/follow`).set(bearer(viewer)).expect(204);
    expect(
      (await app.http.get(`/api/threads/${threadId}`).set(bearer(viewer)).expect(200)).body.thread
        .following,
    ).toBe(true);
    await app.http.delete(`/api/threads/${threadId}/follow`).set(bearer(viewer)).expect(204);
    expect(
      (await app.http.get(`/api/threads/${threadId}`).set(bearer(viewer)).expect(200)).body.thread
        .following,
    ).toBe(false);
    expectError(
      await app.http.put(`/api/threads/${threadId}/read`).set(bearer(viewer)).send({ seq: -1 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('finds mentionable people by handle or name', async () => {
    const found = await app.http.get('/api/users/mentionable?q=mi').set(bearer(member)).expect(200);
    expect(found.body.users).toEqual(
      expect.arrayContaining([expect.objectContaining({ handle: 'mia' })]),
    );
    expectError(
      await app.http.get('/api/users/mentionable?q=mi').set(bearer(viewer)),
      403,
      'FORBIDDEN',
    );
  });

  describe('restricted briefings', () => {
    it('hide their threads, comments, notifications and socket rooms from outsiders', async () => {
      const admin = await createUser(app, 'admin');
      const insider = await createUser(app, 'member', { email: 'insider@example.com' });
      const outsider = await createUser(app, 'member', { email: 'outsider@example.com' });
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
        .send({ userIds: [insider.id] })
        .expect(200);
      const secret = (
        await app.http
          .post('/api/briefings/import')
          .set(bearer(admin))
          .send({
            content: sample.replaceAll('May 7, 2026', 'June 1, 2026'),
            visibility: 'restricted',
            groupIds: [group.id],
          })
          .expect(201)
      ).body;
      const secretThread = secret.sections[0].discussion.threadId;
      const comment = (
        await app.http
          .post(`/api/threads/${secretThread}/comments`)
          .set(bearer(insider))
          .send({ body: 'secret plan @outsider @insider' })
          .expect(201)
      ).body;
      // A mention of someone who may not read the thread neither links nor notifies them.
      expect(comment.bodyHtml).not.toContain('<span class="mention">@outsider');
      expect(comment.bodyHtml).toContain('<span class="mention">@insider</span>');
      const outsiderNotes = await app.http
        .get('/api/notifications')
        .set(bearer(outsider))
        .expect(200);
      expect(outsiderNotes.body.notifications).toEqual([]);

      expectError(
        await app.http.get(`/api/threads/${secretThread}`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http
          .post(`/api/threads/${secretThread}/comments`)
          .set(bearer(outsider))
          .send({ body: 'let me in' }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.get(`/api/comments/${comment.id}/revisions`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.put(`/api/comments/${comment.id}/reactions/eyes`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      const list = await app.http.get('/api/threads').set(bearer(outsider)).expect(200);
      expect(list.body.threads.map((t: { id: string }) => t.id)).not.toContain(secretThread);

      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: outsider.token },
        reconnection: false,
      });
      try {
        const ack = await socket
          .timeout(5_000)
          .emitWithAck('thread:join', { threadId: secretThread, sinceSeq: 0 });
        expect(ack).toEqual({
          ok: false,
          error: { code: 'NOT_FOUND', message: 'No such thread.' },
        });
      } finally {
        socket.close();
      }
    });
  });

  describe('live', () => {
    const sockets: Socket[] = [];
    afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

    function connect(user: TestUser): Promise<Socket> {
      return new Promise((resolve, reject) => {
        const socket = io(app.baseUrl, {
          path: '/socket.io',
          transports: ['websocket'],
          auth: { token: user.token },
          reconnection: false,
        });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    }

    function collect(socket: Socket): Array<{ type: string; seq: number; id?: string }> {
      const events: Array<{ type: string; seq: number; id?: string }> = [];
      for (const type of [
        'comment.created',
        'comment.updated',
        'comment.deleted',
        'thread.updated',
      ]) {
        socket.on(type, (payload: { seq: number; comment?: { id: string } }) =>
          events.push({ type, seq: payload.seq, id: payload.comment?.id }),
        );
      }
      return events;
    }

    const until = async (check: () => boolean, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for events');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('replays every missed event after sinceSeq, then delivers live ones, with no gap or duplicate', async () => {
      const target = briefing.sections[3].discussion!.threadId;
      const send = (body: string) =>
        app.http
          .post(`/api/threads/${target}/comments`)
          .set(bearer(member))
          .send({ body })
          .expect(201);
      const first = await send('one');
      await send('two');
      await app.http
        .patch(`/api/comments/${first.body.id}`)
        .set(bearer(member))
        .send({ body: 'one, edited' })
        .expect(200);

      const socket = await connect(viewer);
      const events = collect(socket);
      const ack = await socket.emitWithAck('thread:join', { threadId: target, sinceSeq: 1 });
      expect(ack).toMatchObject({ ok: true, lastSeq: 3 });
      await until(() => events.length >= 2);
      expect(events.map((e) => [e.type, e.seq])).toEqual([
        ['comment.created', 2],
        ['comment.updated', 3],
      ]);

      await send('three');
      await app.http.delete(`/api/comments/${first.body.id}`).set(bearer(member)).expect(204);
      await until(() => events.length >= 4);
      expect(events.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
      expect(events.at(-1)).toMatchObject({ type: 'comment.deleted', id: first.body.id });
    });

    it('shows presence and typing to the others in the room', async () => {
      const target = briefing.sections[3].discussion!.threadId;
      const a = await connect(viewer);
      const b = await connect(member);
      const presence: number[] = [];
      a.on('presence', (payload: { readers: number }) => presence.push(payload.readers));
      const typing: string[] = [];
      a.on('typing', (payload: { user: { id: string } }) => typing.push(payload.user.id));
      await a.emitWithAck('thread:join', { threadId: target, sinceSeq: 1_000 });
      await b.emitWithAck('thread:join', { threadId: target, sinceSeq: 1_000 });
      await until(() => presence.includes(2));
      await b.emitWithAck('thread:typing', { threadId: target });
      await until(() => typing.length > 0);
      expect(typing).toEqual([member.id]);
      expect(
        await a.emitWithAck('thread:join', { threadId: 'not-an-id', sinceSeq: 0 }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    });
  });
});

describe('Comment rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ COMMENT_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 429 with Retry-After once a user posts too fast, per user', async () => {
    const editor = await createUser(app, 'editor');
    const other = await createUser(app, 'member');
    const imported = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
    const threadId = imported.sections[0].discussion.threadId;
    for (let i = 0; i < 3; i++)
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(editor))
        .send({ body: `n${i}` })
        .expect(201);
    const limited = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(editor))
      .send({ body: 'too many' });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(other))
      .send({ body: 'someone else' })
      .expect(201);
  });
});
