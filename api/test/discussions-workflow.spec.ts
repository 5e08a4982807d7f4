import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Note {
  kind: string;
  seq: number;
  from: string | null;
  to: string;
  outcome?: string | null;
  by: { id: string; displayName: string } | null;
}

/** Issue 17: short titles, who resolves and the trace it leaves, unread that means unread. */
describe('Discussions: short titles, resolving, unread', () => {
  let app: TestApp;
  let editor: TestUser;
  let member: TestUser;
  let other: TestUser;
  let viewer: TestUser;
  let briefing: {
    id: string;
    sections: Array<{
      items: Array<{ id: string }>;
      discussion: { threadId: string; prompt: string } | null;
    }>;
  };
  let date: string;
  let threadId: string;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    other = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
  });
  beforeEach(async () => {
    date = uniqueDate();
    briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sampleOn(date))
        .expect(201)
    ).body;
    threadId = briefing.sections[0].discussion!.threadId;
  });
  afterAll(async () => {
    await app.close();
  });

  const thread = async (user: TestUser, id = threadId) =>
    (await app.http.get(`/api/threads/${id}`).set(bearer(user)).expect(200)).body.thread;
  const notes = async (id = threadId): Promise<Note[]> =>
    (await app.http.get(`/api/threads/${id}/notes`).set(bearer(viewer)).expect(200)).body.notes;
  const patch = (user: TestUser, body: object, id = threadId) =>
    app.http.patch(`/api/threads/${id}`).set(bearer(user)).send(body);

  describe('short titles', () => {
    it('starts from the first clause of the prompt and shows in the thread list', async () => {
      const shown = await thread(viewer);
      expect(shown.title).toBe(briefing.sections[0].discussion!.prompt);
      expect(shown.shortTitle).toBe(
        'Where are your AI infra plans out of sync with power, location, and security reality?',
      );
      const list = await app.http.get('/api/threads?limit=100').set(bearer(viewer)).expect(200);
      const row = list.body.threads.find((t: { id: string }) => t.id === threadId);
      expect(row).toMatchObject({ shortTitle: shown.shortTitle, lastReadSeq: null });
      // Notifications name the thread by its short title too.
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: `@${other.handle} what do you think?` })
        .expect(201);
      const inbox = await app.http.get('/api/notifications').set(bearer(other)).expect(200);
      expect(
        inbox.body.notifications.find(
          (n: { thread: { id: string } | null }) => n.thread?.id === threadId,
        ).thread.title,
      ).toBe(shown.shortTitle);
    });

    it('lets editors change it, and a re-import keeps their title', async () => {
      const changed = await patch(editor, { shortTitle: '  AI infra vs power  ' }).expect(200);
      expect(changed.body).toMatchObject({ shortTitle: 'AI infra vs power', state: 'open' });
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sampleOn(date))
        .expect(200);
      expect((await thread(viewer)).shortTitle).toBe('AI infra vs power');
    });

    it('refuses members, viewers, bad titles and unknown threads, changing nothing', async () => {
      expectError(await patch(member, { shortTitle: 'Mine' }), 403, 'FORBIDDEN');
      expectError(await patch(viewer, { shortTitle: 'Mine' }), 403, 'FORBIDDEN');
      for (const shortTitle of ['', '   ', 'x'.repeat(91), 'two\nlines', 42])
        expectError(await patch(editor, { shortTitle }), 400, 'VALIDATION_FAILED');
      expectError(await patch(editor, {}), 400, 'VALIDATION_FAILED');
      expectError(
        await patch(editor, { shortTitle: 'T' }, '00000000-0000-4000-8000-000000000000'),
        404,
        'NOT_FOUND',
      );
      expect((await thread(viewer)).shortTitle).toMatch(/^Where are your AI infra plans/);
    });
  });

  describe('resolving and reopening', () => {
    it('leaves "resolved by … with outcome …" and "reopened by …" in the timeline', async () => {
      await patch(member, { state: 'converging' }).expect(200);
      await patch(editor, { state: 'resolved', outcome: 'Review vendors in June.' }).expect(200);
      await patch(editor, { state: 'open' }).expect(200);
      const trace = (await notes()).filter((note) => note.kind === 'thread.state');
      expect(trace).toEqual([
        expect.objectContaining({ from: 'open', to: 'converging', outcome: null }),
        expect.objectContaining({
          from: 'converging',
          to: 'resolved',
          outcome: 'Review vendors in June.',
          by: { id: editor.id, displayName: expect.any(String) },
        }),
        expect.objectContaining({ from: 'resolved', to: 'open', outcome: null }),
      ]);
      expect(trace[0].by?.id).toBe(member.id);
      // Every note took the thread's next seq, after its thread.updated event.
      expect(trace.map((note) => note.seq)).toEqual([2, 4, 6]);
      expect((await thread(viewer)).lastSeq).toBe(6);
    });

    it('is for editors and the thread starter; others get 403 and nothing changes', async () => {
      expectError(await patch(member, { state: 'resolved', outcome: 'Mine.' }), 403, 'FORBIDDEN');
      expectError(await patch(viewer, { state: 'resolved', outcome: 'Mine.' }), 403, 'FORBIDDEN');
      expect(await notes()).toEqual([]);
      // A member who opened a thread on an item may resolve and reopen it; another member may not.
      const itemThread = (
        await app.http
          .post(`/api/items/${briefing.sections[0].items[0].id}/thread`)
          .set(bearer(member))
          .expect(201)
      ).body.id as string;
      expectError(
        await patch(other, { state: 'resolved', outcome: 'No.' }, itemThread),
        403,
        'FORBIDDEN',
      );
      await patch(member, { state: 'resolved', outcome: 'Done.' }, itemThread).expect(200);
      expectError(await patch(other, { state: 'open' }, itemThread), 403, 'FORBIDDEN');
      await patch(member, { state: 'open' }, itemThread).expect(200);
      expect((await notes(itemThread)).map((note) => note.to)).toEqual(['resolved', 'open']);
    });
  });

  describe('unread', () => {
    it('tells "never opened" (null) from "opened while empty" (0), which later shows new', async () => {
      expect((await thread(viewer)).lastReadSeq).toBeNull();
      await app.http
        .put(`/api/threads/${threadId}/read`)
        .set(bearer(viewer))
        .send({ seq: 0 })
        .expect(204);
      expect((await thread(viewer)).lastReadSeq).toBe(0);
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: 'First!' })
        .expect(201);
      const later = await thread(viewer);
      expect(later).toMatchObject({ lastReadSeq: 0, lastSeq: 1 });
    });

    it('counts, per briefing in the feed, the comments of others you have not read', async () => {
      const feedRow = async (user: TestUser) =>
        (
          await app.http.get('/api/briefings?limit=100').set(bearer(user)).expect(200)
        ).body.briefings.find((b: { id: string }) => b.id === briefing.id) as {
          commentCount: number;
          newCommentCount: number;
        };
      for (const body of ['one', 'two', 'three'])
        await app.http
          .post(`/api/threads/${threadId}/comments`)
          .set(bearer(member))
          .send({ body })
          .expect(201);
      expect(await feedRow(viewer)).toMatchObject({ commentCount: 3, newCommentCount: 3 });
      // Your own comments are never new to you.
      expect(await feedRow(member)).toMatchObject({ commentCount: 3, newCommentCount: 0 });
      await app.http
        .put(`/api/threads/${threadId}/read`)
        .set(bearer(viewer))
        .send({ seq: 2 })
        .expect(204);
      expect(await feedRow(viewer)).toMatchObject({ commentCount: 3, newCommentCount: 1 });
    });
  });
});
