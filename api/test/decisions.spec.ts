import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

describe('Decisions', () => {
  let app: TestApp;
  let editor: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let threadId: string;
  let commentId: string;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
    threadId = briefing.sections[2].discussion.threadId;
    commentId = (
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: 'Build flags in-house.' })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('is proposed from a comment by a member, and accepted by an editor', async () => {
    const proposed = await app.http
      .post('/api/decisions')
      .set(bearer(member))
      .send({
        title: 'Feature flags in-house',
        statement: 'We build flags on OpenFeature.',
        rationale: 'Edge latency.',
        threadId,
        commentId,
        reviewBy: '2020-01-01',
      })
      .expect(201);
    expect(proposed.body).toMatchObject({
      status: 'proposed',
      threadId,
      commentId,
      decidedBy: null,
    });
    expectError(
      await app.http
        .patch(`/api/decisions/${proposed.body.id}`)
        .set(bearer(member))
        .send({ status: 'accepted' }),
      403,
      'FORBIDDEN',
    );
    const accepted = await app.http
      .patch(`/api/decisions/${proposed.body.id}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      decidedBy: { id: editor.id },
      decidedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const due = await app.http.get('/api/decisions?reviewDue=true').set(bearer(viewer)).expect(200);
    expect(due.body.decisions.map((d: { id: string }) => d.id)).toEqual([proposed.body.id]);
  });

  it('supersedes an accepted decision, linking both ways, and refuses going back with 409', async () => {
    const first = (
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'Use vendor X', statement: 'Rent it.' })
        .expect(201)
    ).body;
    expectError(
      await app.http
        .post(`/api/decisions/${first.id}/supersede`)
        .set(bearer(editor))
        .send({ title: 'x', statement: 'y' }),
      409,
      'CONFLICT',
    );
    await app.http
      .patch(`/api/decisions/${first.id}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
    const next = await app.http
      .post(`/api/decisions/${first.id}/supersede`)
      .set(bearer(editor))
      .send({ title: 'Build it', statement: 'We build it.' })
      .expect(201);
    expect(next.body).toMatchObject({ status: 'accepted', supersedesId: first.id });
    const old = await app.http.get(`/api/decisions/${first.id}`).set(bearer(viewer)).expect(200);
    expect(old.body).toMatchObject({ status: 'superseded', supersededById: next.body.id });
    expectError(
      await app.http
        .patch(`/api/decisions/${first.id}`)
        .set(bearer(editor))
        .send({ status: 'proposed' }),
      409,
      'CONFLICT',
    );
    expectError(
      await app.http
        .post(`/api/decisions/${first.id}/supersede`)
        .set(bearer(editor))
        .send({ title: 'again', statement: 'again' }),
      409,
      'CONFLICT',
    );
    expectError(
      await app.http
        .post(`/api/decisions/${next.body.id}/supersede`)
        .set(bearer(member))
        .send({ title: 'x', statement: 'y' }),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses bad input and unknown sources with 4xx, changing nothing', async () => {
    const before = (await app.http.get('/api/decisions').set(bearer(viewer)).expect(200)).body
      .decisions.length;
    expectError(
      await app.http.post('/api/decisions').set(bearer(member)).send({ title: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'x', statement: 'y', threadId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'x', statement: 'y', reviewBy: 'soon' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/decisions')
        .set(bearer(viewer))
        .send({ title: 'x', statement: 'y' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await app.http.get('/api/decisions?status=maybe').set(bearer(viewer)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.get('/api/decisions/00000000-0000-4000-8000-000000000000').set(bearer(viewer)),
      404,
      'NOT_FOUND',
    );
    expect(
      (await app.http.get('/api/decisions').set(bearer(viewer)).expect(200)).body.decisions.length,
    ).toBe(before);
  });

  it('links actions to the decision they carry out, shown on the action', async () => {
    const decision = (
      await app.http
        .post('/api/decisions')
        .set(bearer(member))
        .send({ title: 'Rotate keys weekly', statement: 'Weekly.' })
        .expect(201)
    ).body;
    const action = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'Automate rotation', links: [{ type: 'decision', id: decision.id }] })
      .expect(201);
    expect(action.body.links).toEqual([
      {
        type: 'decision',
        id: decision.id,
        title: 'Rotate keys weekly',
        url: `/decisions/${decision.id}`,
      },
    ]);
  });
});
