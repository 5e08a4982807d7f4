import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

describe('FollowUpLinks', () => {
  let app: TestApp;
  let member: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    member = await createUser(app, 'member');
  });
  afterAll(async () => {
    await app.close();
  });

  it('resolves every link type to a title and the web address of its target', async () => {
    const editor = await createUser(app, 'editor');
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
    const item = briefing.sections[0].items[0];
    const threadId = briefing.sections[0].discussion.threadId;
    const comment = (
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: 'Someone should own the vendor review.' })
        .expect(201)
    ).body;
    const decision = (
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'Review vendors quarterly', statement: 'Every quarter.' })
        .expect(201)
    ).body;
    const action = (
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({
          title: 'Own the vendor review',
          links: [
            { type: 'briefing', id: briefing.id },
            { type: 'item', id: item.id },
            { type: 'discussion', id: threadId },
            { type: 'comment', id: comment.id },
            { type: 'decision', id: decision.id },
          ],
        })
        .expect(201)
    ).body;

    const detail = await app.http.get(`/api/actions/${action.id}`).set(bearer(member)).expect(200);
    const urls = Object.fromEntries(
      (detail.body.links as { type: string; url: string }[]).map((l) => [l.type, l.url]),
    );
    expect(urls).toEqual({
      briefing: `/briefings/${briefing.slug}`,
      item: `/briefings/${briefing.slug}#item-${item.id}`,
      discussion: `/threads/${threadId}`,
      comment: `/threads/${threadId}#comment-${comment.id}`,
      decision: `/decisions/${decision.id}`,
    });
  });
});
