import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

/** The sample retitled and redated: a distinct document with the sample's structure. */
const document = (title: string, date: string) =>
  sample.replaceAll('May 7, 2026', date).replace('Daily Sync: ', `${title}: `);

describe('Briefing import and visibility across groups', () => {
  let app: TestApp;
  let admin: TestUser;
  let insider: TestUser;
  let outsider: TestUser;
  let leadership: string;
  let finance: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    insider = await createUser(app, 'editor');
    outsider = await createUser(app, 'editor');
    const group = async (name: string, members: TestUser[]) => {
      const created = await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name })
        .expect(201);
      await app.http
        .put(`/api/admin/groups/${created.body.group.id}/members`)
        .set(bearer(admin))
        .send({ userIds: members.map((member) => member.id) })
        .expect(200);
      return created.body.group.id as string;
    };
    leadership = await group('Leadership', [insider]);
    finance = await group('Finance', []);
  });
  afterAll(async () => {
    await app.close();
  });

  async function briefingCount(): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) FROM briefing')).rows[0].count);
    } finally {
      await client.end();
    }
  }

  const importAs = (user: TestUser, body: object) =>
    app.http.post('/api/briefings/import').set(bearer(user)).send(body);

  it('never lets an editor outside the groups overwrite or detect a restricted briefing', async () => {
    const secretText = document('Board Prep', 'May 20, 2026');
    const secret = await importAs(admin, {
      content: secretText,
      visibility: 'restricted',
      groupIds: [leadership],
    }).expect(201);
    expect(secret.body.slug).toMatch(/^board-prep-2026-05-20-[a-z0-9]{8}$/);

    // Same title and date, other words: to the outsider this is a first import like any other.
    const decoyText = secretText.replace('Tech News', 'Gossip');
    const decoy = await importAs(outsider, { content: decoyText }).expect(201);
    const fresh = await importAs(outsider, {
      content: document('Open Notes', 'May 20, 2026'),
    }).expect(201);
    expect(decoy.body.id).not.toBe(secret.body.id);
    expect(decoy.body).toMatchObject({ slug: 'board-prep-2026-05-20', visibility: 'team' });
    expect(Object.keys(decoy.body).sort()).toEqual(Object.keys(fresh.body).sort());

    const untouched = await app.http
      .get(`/api/briefings/${secret.body.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(untouched.body.sections).toEqual(secret.body.sections);
    expect(untouched.body.updatedAt).toBe(secret.body.updatedAt);
    expectError(
      await app.http.get(`/api/briefings/${secret.body.id}`).set(bearer(outsider)),
      404,
      'NOT_FOUND',
    );

    // Each importer's re-import finds the briefing they can read: the outsider their own, the
    // insider (who reads both) the oldest, the restricted one.
    const again = await importAs(outsider, { content: decoyText }).expect(200);
    expect(again.body.id).toBe(decoy.body.id);
    const insiderAgain = await importAs(insider, { content: secretText }).expect(200);
    expect(insiderAgain.body.id).toBe(secret.body.id);
  });

  it('lets an editor restrict an import only to groups they belong to, before storing anything', async () => {
    const before = await briefingCount();
    const foreign = await importAs(outsider, {
      content: document('Outsider Restricted', 'May 21, 2026'),
      visibility: 'restricted',
      groupIds: [leadership],
    });
    expectError(foreign, 403, 'FORBIDDEN');
    expect(foreign.body.error.details).toEqual({ groupIds: [leadership] });
    expectError(
      await importAs(insider, {
        content: document('Half Foreign', 'May 21, 2026'),
        visibility: 'restricted',
        groupIds: [leadership, finance],
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await importAs(insider, {
        content: document('No Groups', 'May 21, 2026'),
        visibility: 'restricted',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await importAs(insider, {
        content: document('Unknown Group', 'May 21, 2026'),
        visibility: 'restricted',
        groupIds: ['00000000-0000-4000-8000-000000000000'],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await importAs(insider, {
        content: document('Not An Id', 'May 21, 2026'),
        visibility: 'restricted',
        groupIds: ['leadership'],
      }),
      400,
      'VALIDATION_FAILED',
    );
    await expect(briefingCount()).resolves.toBe(before);

    const own = await importAs(insider, {
      content: document('Insider Restricted', 'May 21, 2026'),
      visibility: 'restricted',
      groupIds: [leadership],
    }).expect(201);
    expect(own.body).toMatchObject({ visibility: 'restricted', groups: [{ id: leadership }] });
    // Admins may name any group, members or not.
    await importAs(admin, {
      content: document('Finance Only', 'May 21, 2026'),
      visibility: 'restricted',
      groupIds: [finance],
    }).expect(201);
  });

  it('applies the same rule when an editor changes who may read a briefing', async () => {
    const briefing = await importAs(insider, {
      content: document('Team First', 'May 22, 2026'),
    }).expect(201);
    const patch = (user: TestUser, body: object) =>
      app.http.patch(`/api/briefings/${briefing.body.id}`).set(bearer(user)).send(body);

    expectError(
      await patch(insider, { visibility: 'restricted', groupIds: [finance] }),
      403,
      'FORBIDDEN',
    );
    const unchanged = await app.http
      .get(`/api/briefings/${briefing.body.id}`)
      .set(bearer(outsider))
      .expect(200);
    expect(unchanged.body).toMatchObject({ visibility: 'team', groups: [] });

    await patch(insider, { visibility: 'restricted', groupIds: [leadership] }).expect(200);
    await patch(admin, { groupIds: [leadership, finance] }).expect(200);
    // A group it already has may stay even though the editor is not in it; removing one is fine.
    await patch(insider, { groupIds: [leadership, finance], author: 'Kept' }).expect(200);
    const narrowed = await patch(insider, { groupIds: [leadership] }).expect(200);
    expect(narrowed.body.groups).toEqual([{ id: leadership, name: 'Leadership' }]);
    expectError(await patch(insider, { groupIds: [leadership, finance] }), 403, 'FORBIDDEN');
    expectError(await patch(outsider, { visibility: 'team' }), 404, 'NOT_FOUND');
  });

  it('refuses a title edit onto a briefing the editor can read, but not onto one they cannot (that would reveal it)', async () => {
    await importAs(admin, {
      content: document('Hidden Plans', 'June 1, 2026'),
      visibility: 'restricted',
      groupIds: [finance],
    }).expect(201);
    const open = await importAs(outsider, {
      content: document('Open Plans', 'June 1, 2026'),
    }).expect(201);
    await app.http
      .patch(`/api/briefings/${open.body.id}`)
      .set(bearer(outsider))
      .send({ title: 'Hidden Plans: June 1, 2026' })
      .expect(200);

    const other = await importAs(outsider, {
      content: document('Other Plans', 'June 1, 2026'),
    }).expect(201);
    expectError(
      await app.http
        .patch(`/api/briefings/${other.body.id}`)
        .set(bearer(outsider))
        .send({ title: 'hidden   PLANS: June 1, 2026' }),
      409,
      'CONFLICT',
    );
  });

  it('stores one briefing when the same new document is imported many times at once', async () => {
    const text = document('Race Day', 'June 2, 2026');
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.http
          .post('/api/briefings/import')
          .set(bearer(insider))
          .set('Content-Type', 'text/plain')
          .send(text),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([
      200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  });
});
