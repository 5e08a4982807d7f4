import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Briefing {
  id: string;
  slug: string;
  sections: Array<{
    items: Array<{ id: string; title: string }>;
    discussion: { threadId: string } | null;
  }>;
}
type Hit = { type: string; id: string; url: string };

/** Resolves once the search outbox is empty: every committed change has reached Meilisearch. */
async function indexed(databaseUrl: string, timeoutMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM search_outbox');
      if (rows[0].n === 0) return;
      if (Date.now() > deadline) throw new Error(`search outbox still holds ${rows[0].n} rows`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await client.end();
  }
}

/**
 * A request's effective role is the lesser of the account's role and its API token's ceiling, for
 * what it may read as well as do: an admin's member-ceiling token reads as a member (team briefings
 * and the admin's own groups) everywhere; the admin's session still reads everything.
 */
describe('API token role ceiling', () => {
  let app: TestApp;
  /** An admin outside the Board group: their session, and a member-ceiling token. */
  let admin: TestUser;
  let adminToken: string;
  /** An admin in the Board group, with a member-ceiling token. */
  let boardAdminToken: string;
  let insider: TestUser;
  let secret: Briefing;
  let team: Briefing;
  let threadId: string;
  let commentId: string;
  let actionId: string;
  let decisionId: string;
  let teamActionId: string;

  async function memberToken(user: TestUser): Promise<string> {
    const created = await app.http
      .post('/api/auth/tokens')
      .set(bearer(user))
      .send({ name: 'script', role: 'member' })
      .expect(201);
    return created.body.secret as string;
  }

  async function importBriefing(body: Record<string, unknown>): Promise<Briefing> {
    return (await app.http.post('/api/briefings/import').set(bearer(admin)).send(body).expect(201))
      .body;
  }

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    const boardAdmin = await createUser(app, 'admin');
    insider = await createUser(app, 'member');
    const group = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Board' })
      .expect(201);
    await app.http
      .put(`/api/admin/groups/${group.body.group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [insider.id, boardAdmin.id] })
      .expect(200);
    // Published before the team briefing, so its items are "earlier" for related.
    secret = await importBriefing({
      content: sample.replaceAll('May 7, 2026', 'May 1, 2026').replace('Daily Sync', 'Board Prep'),
      visibility: 'restricted',
      groupIds: [group.body.group.id],
    });
    team = await importBriefing({ content: sample });
    threadId = secret.sections[0].discussion!.threadId;
    const handle = admin.email.split('@')[0];
    commentId = (
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(insider))
        .send({ body: `@${handle} the zanzibar acquisition closes in June` })
        .expect(201)
    ).body.id;
    actionId = (
      await app.http
        .post('/api/actions')
        .set(bearer(admin))
        .send({
          title: 'Zanzibar diligence',
          ownerId: admin.id,
          dueOn: '2099-02-03',
          links: [{ type: 'discussion', id: threadId }],
        })
        .expect(201)
    ).body.id;
    decisionId = (
      await app.http
        .post('/api/decisions')
        .set(bearer(admin))
        .send({ title: 'Zanzibar go-ahead', statement: 'We buy.', threadId })
        .expect(201)
    ).body.id;
    // A team action that links to the restricted decision: visible to all, that link only to its readers.
    teamActionId = (
      await app.http
        .post('/api/actions')
        .set(bearer(admin))
        .send({
          title: 'Team follow-up',
          ownerId: admin.id,
          dueOn: '2099-02-04',
          links: [{ type: 'decision', id: decisionId }],
        })
        .expect(201)
    ).body.id;
    adminToken = await memberToken(admin);
    boardAdminToken = await memberToken(boardAdmin);
    await indexed(app.databaseUrl);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 404 for the restricted thread, its comments, reactions and item threads', async () => {
    const token = bearer(adminToken);
    expectError(await app.http.get(`/api/threads/${threadId}`).set(token), 404, 'NOT_FOUND');
    expectError(await app.http.get(`/api/threads/${threadId}/notes`).set(token), 404, 'NOT_FOUND');
    expectError(
      await app.http.post(`/api/threads/${threadId}/comments`).set(token).send({ body: 'hello' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.get(`/api/comments/${commentId}/revisions`).set(token),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.put(`/api/comments/${commentId}/reactions/rocket`).set(token),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.http.patch(`/api/threads/${threadId}`).set(token).send({ state: 'converging' }),
      404,
      'NOT_FOUND',
    );
    expectError(await app.http.put(`/api/threads/${threadId}/follow`).set(token), 404, 'NOT_FOUND');
    expectError(
      await app.http.post(`/api/items/${secret.sections[0].items[0].id}/thread`).set(token),
      404,
      'NOT_FOUND',
    );
    const listed = await app.http.get('/api/threads').set(token).expect(200);
    expect(listed.body.threads.map((t: { id: string }) => t.id)).not.toContain(threadId);

    // Nothing was written: no comment, no reaction, no item thread, no state change.
    const page = await app.http.get(`/api/threads/${threadId}`).set(bearer(admin)).expect(200);
    expect(page.body.thread.state).toBe('open');
    expect(page.body.comments.map((c: { id: string }) => c.id)).toEqual([commentId]);
    expect(page.body.comments[0].reactions).toEqual([]);
  });

  it('answers 404 for the action and decision tied to it, and leaves them out of lists and links', async () => {
    const token = bearer(adminToken);
    expectError(await app.http.get(`/api/actions/${actionId}`).set(token), 404, 'NOT_FOUND');
    expectError(
      await app.http.patch(`/api/actions/${actionId}`).set(token).send({ title: 'Renamed' }),
      404,
      'NOT_FOUND',
    );
    expectError(await app.http.put(`/api/actions/${actionId}/watch`).set(token), 404, 'NOT_FOUND');
    expectError(await app.http.get(`/api/decisions/${decisionId}`).set(token), 404, 'NOT_FOUND');
    expectError(
      await app.http.patch(`/api/decisions/${decisionId}`).set(token).send({ title: 'Renamed' }),
      404,
      'NOT_FOUND',
    );
    const actions = await app.http.get('/api/actions').set(token).expect(200);
    expect(actions.body.actions.map((a: { id: string }) => a.id)).toEqual([teamActionId]);
    const decisions = await app.http.get('/api/decisions').set(token).expect(200);
    expect(decisions.body.decisions).toEqual([]);
    expectError(
      await app.http.get(`/api/briefings/${secret.id}/follow-ups`).set(token),
      404,
      'NOT_FOUND',
    );
    // The team action shows, but not its link to the restricted decision.
    const teamAction = await app.http.get(`/api/actions/${teamActionId}`).set(token).expect(200);
    expect(teamAction.body.links).toEqual([]);
    // Nor can the token link to the restricted thread, or propose a decision in it.
    expectError(
      await app.http
        .post('/api/actions')
        .set(token)
        .send({ title: 'Sneaky', links: [{ type: 'discussion', id: threadId }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/decisions')
        .set(token)
        .send({ title: 'Sneaky', statement: 'x', threadId }),
      400,
      'VALIDATION_FAILED',
    );

    // Unchanged, as the session sees.
    const action = await app.http.get(`/api/actions/${actionId}`).set(bearer(admin)).expect(200);
    expect(action.body.title).toBe('Zanzibar diligence');
    expect(action.body.watchers).toEqual([]);
    const decision = await app.http
      .get(`/api/decisions/${decisionId}`)
      .set(bearer(admin))
      .expect(200);
    expect(decision.body.title).toBe('Zanzibar go-ahead');
  });

  it('leaves it out of search hits, facet counts and related', async () => {
    const token = bearer(adminToken);
    const hits = await app.http.get('/api/search').query({ q: 'zanzibar' }).set(token).expect(200);
    expect(hits.body).toMatchObject({ hits: [], estimatedTotalHits: 0 });
    expect(hits.body.facets.type).toEqual({});
    const browse = await app.http
      .get('/api/search')
      .query({ q: '', limit: '50' })
      .set(token)
      .expect(200);
    expect(Object.keys(browse.body.facets.series)).not.toContain('Board Prep');
    expect(browse.body.hits.some((h: Hit) => h.url.includes(secret.slug))).toBe(false);

    const teamItem = team.sections[0].items[0];
    const related = await app.http.get(`/api/items/${teamItem.id}/related`).set(token).expect(200);
    expect(related.body.hits.map((h: Hit) => h.id)).not.toContain(secret.sections[0].items[0].id);
    expect(related.body.hits.some((h: Hit) => h.url.includes(secret.slug))).toBe(false);
    expectError(
      await app.http.get(`/api/items/${secret.sections[0].items[0].id}/related`).set(token),
      404,
      'NOT_FOUND',
    );
  });

  it('does not list notifications about it, count them, or mark them read', async () => {
    const token = bearer(adminToken);
    const listed = await app.http.get('/api/notifications').set(token).expect(200);
    expect(listed.body).toMatchObject({ notifications: [], unreadCount: 0 });
    const unread = await app.http.get('/api/notifications?unread=true').set(token).expect(200);
    expect(unread.body.notifications).toEqual([]);
    const count = await app.http.get('/api/notifications/unread-count').set(token).expect(200);
    expect(count.body).toEqual({ count: 0 });
    const marked = await app.http
      .post('/api/notifications/read')
      .set(token)
      .send({ all: true })
      .expect(200);
    expect(marked.body).toEqual({ unreadCount: 0 });

    // The mention is still there, unread, for the session.
    const session = await app.http.get('/api/notifications').set(bearer(admin)).expect(200);
    expect(session.body.unreadCount).toBe(1);
    expect(session.body.notifications).toMatchObject([
      { kind: 'mention', thread: { id: threadId }, commentId, readAt: null },
    ]);
  });

  it('leaves it out of the CSV export and of a calendar feed made with the token', async () => {
    const csv = await app.http.get('/api/actions/export.csv').set(bearer(adminToken)).expect(200);
    expect(csv.text).toContain('Team follow-up');
    expect(csv.text).not.toContain('Zanzibar');

    const feed = await app.http
      .post('/api/actions/calendar-feed')
      .set(bearer(adminToken))
      .expect(201);
    const calendar = await app.http.get(feed.body.url).expect(200);
    expect(calendar.text).toContain('Team follow-up');
    expect(calendar.text).not.toContain('Zanzibar');
  });

  it("reads all of it in the same admin's session", async () => {
    const session = bearer(admin);
    const page = await app.http.get(`/api/threads/${threadId}`).set(session).expect(200);
    expect(page.body.comments[0].body).toContain('zanzibar');
    await app.http.get(`/api/actions/${actionId}`).set(session).expect(200);
    const teamAction = await app.http.get(`/api/actions/${teamActionId}`).set(session).expect(200);
    expect(teamAction.body.links).toMatchObject([{ type: 'decision', id: decisionId }]);
    const hits = await app.http
      .get('/api/search')
      .query({ q: 'zanzibar' })
      .set(session)
      .expect(200);
    expect(hits.body.hits.map((h: Hit) => h.id)).toEqual(
      expect.arrayContaining([commentId, actionId, decisionId]),
    );
    expect(hits.body.facets.type).toMatchObject({ comment: 1, action: 1, decision: 1 });
    const related = await app.http
      .get(`/api/items/${team.sections[0].items[0].id}/related`)
      .set(session)
      .expect(200);
    expect(related.body.hits.map((h: Hit) => h.id)).toContain(secret.sections[0].items[0].id);
    const csv = await app.http.get('/api/actions/export.csv').set(session).expect(200);
    expect(csv.text).toContain('Zanzibar diligence');
    const feed = await app.http.post('/api/actions/calendar-feed').set(session).expect(201);
    expect((await app.http.get(feed.body.url).expect(200)).text).toContain('Zanzibar diligence');
  });

  it('reads it through the member-ceiling token of an admin in the group', async () => {
    const token = bearer(boardAdminToken);
    await app.http.get(`/api/threads/${threadId}`).set(token).expect(200);
    await app.http.get(`/api/actions/${actionId}`).set(token).expect(200);
    await app.http.get(`/api/decisions/${decisionId}`).set(token).expect(200);
    const hits = await app.http.get('/api/search').query({ q: 'zanzibar' }).set(token).expect(200);
    expect(hits.body.hits.map((h: Hit) => h.id)).toContain(commentId);
    const csv = await app.http.get('/api/actions/export.csv').set(token).expect(200);
    expect(csv.text).toContain('Zanzibar diligence');
    const posted = await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(token)
      .send({ body: 'Seen, thanks.' })
      .expect(201);
    expect(posted.body.threadId).toBe(threadId);
  });
});
