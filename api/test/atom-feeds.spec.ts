import { parseAtomFeed } from 'feedsmith';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('Atom feeds of a series and of decisions', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let series: string;
  let teamTitle: string;
  let restrictedTitle: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    const group = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Board' })
      .expect(201);
    const team = await app.http
      .post('/api/briefings/import')
      .set(bearer(admin))
      .send({ content: sampleOn(uniqueDate()), format: 'text' })
      .expect(201);
    const restricted = await app.http
      .post('/api/briefings/import')
      .set(bearer(admin))
      .send({
        content: sampleOn(uniqueDate()),
        format: 'text',
        visibility: 'restricted',
        groupIds: [group.body.group.id],
      })
      .expect(201);
    series = team.body.series;
    teamTitle = team.body.title;
    restrictedTitle = restricted.body.title;
    const threadId = (
      team.body.sections as Array<{ discussion: { threadId: string } | null }>
    ).find((section) => section.discussion)?.discussion?.threadId;
    await app.http
      .post('/api/decisions')
      .set(bearer(editor))
      .send({ title: 'Adopt the pilot', statement: 'We run the pilot in Q1', threadId })
      .expect(201);
  });
  afterAll(() => app.close());

  const create = (user: TestUser, body: object) =>
    app.http.post('/api/atom-feeds').set(bearer(user)).send(body);
  const fetchFeed = (url: string) => app.http.get(url);

  it('serves a series feed as Atom, only what its owner may read, without signing in', async () => {
    const created = await create(member, { kind: 'series', series }).expect(201);
    expect(created.body).toMatchObject({ feed: { kind: 'series', series } });
    expect(created.body.url).toMatch(/^\/api\/atom\/[A-Za-z0-9_-]{20,100}\.xml$/);
    const response = await fetchFeed(created.body.url).expect(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtomFeed(response.text);
    const titles = (feed.entries ?? []).map(
      (entry) => (entry.title as { value?: string } | undefined)?.value,
    );
    expect(titles).toContain(teamTitle);
    expect(titles).not.toContain(restrictedTitle);
    // the admin's own feed of the same series holds the restricted briefing
    const adminFeed = await create(admin, { kind: 'series', series }).expect(201);
    const all = parseAtomFeed((await fetchFeed(adminFeed.body.url).expect(200)).text);
    expect(
      (all.entries ?? []).map((entry) => (entry.title as { value?: string } | undefined)?.value),
    ).toContain(restrictedTitle);
  });

  it('serves decisions, revokes on rotation and on delete', async () => {
    const first = await create(member, { kind: 'decisions' }).expect(201);
    const feed = parseAtomFeed((await fetchFeed(first.body.url).expect(200)).text);
    expect(
      (feed.entries ?? []).map((entry) => (entry.title as { value?: string } | undefined)?.value),
    ).toContain('Adopt the pilot (proposed)');
    const second = await create(member, { kind: 'decisions' }).expect(201);
    expectError(await fetchFeed(first.body.url), 404, 'NOT_FOUND');
    await fetchFeed(second.body.url).expect(200);
    const listed = await app.http.get('/api/atom-feeds').set(bearer(member)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(second.body.url.slice(10, 30));
    expectError(
      await app.http.delete(`/api/atom-feeds/${second.body.feed.id}`).set(bearer(editor)),
      404,
      'NOT_FOUND',
    );
    await app.http.delete(`/api/atom-feeds/${second.body.feed.id}`).set(bearer(member)).expect(204);
    expectError(await fetchFeed(second.body.url), 404, 'NOT_FOUND');
  });

  it('refuses bad input and strangers', async () => {
    expectError(await create(member, { kind: 'podcast' }), 400, 'VALIDATION_FAILED');
    expectError(await create(member, { kind: 'series' }), 400, 'VALIDATION_FAILED');
    expectError(
      await create(member, { kind: 'series', series: 'No Such Series' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http.post('/api/atom-feeds').send({ kind: 'decisions' }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await app.http.get('/api/atom-feeds'), 401, 'UNAUTHENTICATED');
    expectError(await app.http.get('/api/atom/short.xml'), 400, 'VALIDATION_FAILED');
    expectError(await app.http.get(`/api/atom/${'x'.repeat(40)}.xml`), 404, 'NOT_FOUND');
    expectError(
      await app.http.delete('/api/atom-feeds/not-a-uuid').set(bearer(member)),
      400,
      'VALIDATION_FAILED',
    );
  });
});
