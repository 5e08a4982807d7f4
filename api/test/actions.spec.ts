import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

describe('Action items', () => {
  let app: TestApp;
  let editor: TestUser;
  let member: TestUser;
  let other: TestUser;
  let viewer: TestUser;
  let briefing: {
    id: string;
    sections: Array<{ items: Array<{ id: string }>; discussion: { threadId: string } | null }>;
  };

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    other = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
    briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates an owned action linked to an item and a discussion, with its activity', async () => {
    const itemId = briefing.sections[0].items[0].id;
    const threadId = briefing.sections[0].discussion!.threadId;
    const created = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({
        title: 'Review AI vendor exposure',
        ownerId: member.id,
        dueOn: '2099-06-01',
        priority: 'high',
        links: [
          { type: 'item', id: itemId },
          { type: 'discussion', id: threadId },
        ],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      title: 'Review AI vendor exposure',
      status: 'open',
      priority: 'high',
      dueOn: '2099-06-01',
      owner: { id: member.id },
      links: expect.arrayContaining([
        expect.objectContaining({ type: 'item', id: itemId }),
        expect.objectContaining({ type: 'discussion', id: threadId }),
      ]),
    });
    expect(created.body.activity).toHaveLength(1);
  });

  it('moves through statuses, logs each change, and refuses illegal transitions with 409', async () => {
    const action = (
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({ title: 'Rotate keys', ownerId: member.id })
        .expect(201)
    ).body;
    const started = await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ status: 'in_progress' })
      .expect(200);
    expect(started.body.status).toBe('in_progress');
    const done = await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ status: 'done' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    expectError(
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(member))
        .send({ status: 'blocked' }),
      409,
      'CONFLICT',
    );
    const reopened = await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(member))
      .send({ status: 'open' })
      .expect(200);
    expect(reopened.body.completedAt).toBeNull();
    expect(
      reopened.body.activity
        .map((entry: { change: { status?: { to: string } } }) => entry.change.status?.to)
        .filter(Boolean),
    ).toEqual(['in_progress', 'done', 'open']);
  });

  it('lets members edit only their own actions, editors all, viewers none', async () => {
    const action = (
      await app.http.post('/api/actions').set(bearer(member)).send({ title: 'Mine' }).expect(201)
    ).body;
    expectError(
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(other))
        .send({ title: 'Theirs now' }),
      403,
      'FORBIDDEN',
    );
    await app.http
      .patch(`/api/actions/${action.id}`)
      .set(bearer(editor))
      .send({ priority: 'urgent' })
      .expect(200);
    expectError(
      await app.http.post('/api/actions').set(bearer(viewer)).send({ title: 'x' }),
      403,
      'FORBIDDEN',
    );
    await app.http.get(`/api/actions/${action.id}`).set(bearer(viewer)).expect(200);
  });

  it('refuses unknown owners and link targets and malformed dates with 400, changing nothing', async () => {
    const before = (await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200))
      .body.actions.length;
    expectError(
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({ title: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'VALIDATION_FAILED',
    );
    const badLink = await app.http
      .post('/api/actions')
      .set(bearer(member))
      .send({ title: 'x', links: [{ type: 'item', id: '00000000-0000-4000-8000-000000000000' }] });
    expectError(badLink, 400, 'VALIDATION_FAILED');
    expect(badLink.body.error.details.missing).toEqual([
      { type: 'item', id: '00000000-0000-4000-8000-000000000000' },
    ]);
    expectError(
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({ title: 'x', dueOn: '06/01/2026' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .send({ title: 'x', links: [{ type: 'planet', id: briefing.id }] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.post('/api/actions').set(bearer(member)).send({ title: '' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(
      (await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200)).body.actions
        .length,
    ).toBe(before);
    expectError(
      await app.http.get('/api/actions/00000000-0000-4000-8000-000000000000').set(bearer(viewer)),
      404,
      'NOT_FOUND',
    );
  });

  it('filters by status, owner, overdue and briefing', async () => {
    // Its own owner and actions, so it runs alone or in any order.
    const owner = await createUser(app, 'member');
    const late = (
      await app.http
        .post('/api/actions')
        .set(bearer(editor))
        .send({
          title: 'Late one',
          ownerId: owner.id,
          dueOn: '2020-01-01',
          links: [{ type: 'briefing', id: briefing.id }],
        })
        .expect(201)
    ).body;
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({
        title: 'Linked through an item',
        links: [{ type: 'item', id: briefing.sections[1].items[0].id }],
      })
      .expect(201);
    const overdue = await app.http.get('/api/actions?overdue=true').set(bearer(viewer)).expect(200);
    expect(overdue.body.actions.map((a: { id: string }) => a.id)).toContain(late.id);
    expect(overdue.body.actions.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
    const mine = await app.http
      .get(`/api/actions?ownerId=${owner.id}&status=open,in_progress`)
      .set(bearer(viewer))
      .expect(200);
    expect(mine.body.actions.map((a: { id: string }) => a.id)).toEqual([late.id]);
    const forBriefing = await app.http
      .get(`/api/actions?briefingId=${briefing.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(forBriefing.body.actions.map((a: { title: string }) => a.title)).toEqual(
      expect.arrayContaining(['Late one', 'Linked through an item']),
    );
    expectError(
      await app.http.get('/api/actions?status=finished').set(bearer(viewer)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.get('/api/actions?overdue=yes').set(bearer(viewer)),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('exports the filtered list as CSV', async () => {
    const owner = await createUser(app, 'member');
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Late one', ownerId: owner.id, dueOn: '2020-01-01' })
      .expect(201);
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Not late', ownerId: owner.id, dueOn: '2099-01-01' })
      .expect(201);
    const csv = await app.http
      .get(`/api/actions/export.csv?overdue=true&ownerId=${owner.id}`)
      .set(bearer(viewer))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'id,title,status,priority,due on,overdue,owner,created at,completed at,watchers',
    );
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['Late one']);
    expectError(
      await app.http.get('/api/actions/export.csv?status=nope').set(bearer(viewer)),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('serves a secret, revocable calendar of your due dates', async () => {
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Board deck', ownerId: other.id, dueOn: '2099-02-03' })
      .expect(201);
    const feed = await app.http.post('/api/actions/calendar-feed').set(bearer(other)).expect(201);
    expect(feed.body.url).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const calendar = await app.http.get(feed.body.url).expect(200);
    expect(calendar.headers['content-type']).toContain('text/calendar');
    expect(calendar.text).toContain('BEGIN:VCALENDAR');
    expect(calendar.text).toContain('Board deck');
    expect(calendar.text).toContain('DTSTART;VALUE=DATE:20990203');
    expect(calendar.text).toContain('DTEND;VALUE=DATE:20990204');
    expect(calendar.text).not.toContain('DURATION');
    const rotated = await app.http
      .post('/api/actions/calendar-feed')
      .set(bearer(other))
      .expect(201);
    expectError(await app.http.get(feed.body.url), 404, 'NOT_FOUND');
    await app.http.delete('/api/actions/calendar-feed').set(bearer(other)).expect(204);
    expectError(await app.http.get(rotated.body.url), 404, 'NOT_FOUND');
    expectError(await app.http.get('/api/calendar/short.ics'), 400, 'VALIDATION_FAILED');
  });
});
