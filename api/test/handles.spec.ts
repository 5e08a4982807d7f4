import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../src/database/data-source.js';
import { UserHandles1764331200000 } from '../src/database/migrations/1764331200000-UserHandles.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, randomUUID, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface CommentView {
  bodyHtml: string;
  author: { handle: string };
}

describe('User handles', () => {
  let app: TestApp;
  let threadId: string;

  beforeAll(async () => {
    app = await createTestApp();
    const editor = await createUser(app, 'editor');
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body as { sections: Array<{ discussion: { threadId: string } | null }> };
    threadId = briefing.sections.flatMap((s) => (s.discussion ? [s.discussion.threadId] : []))[0]!;
  });
  afterAll(() => app.close());

  /** A fresh local part per test, so each test runs alone. */
  const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 6)}`;
  const post = async (user: TestUser, body: string): Promise<CommentView> =>
    (
      await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(user))
        .send({ body })
        .expect(201)
    ).body as CommentView;
  const mentionsOf = async (user: TestUser): Promise<number> => {
    const answer = await app.http.get('/api/notifications').set(bearer(user)).expect(200);
    return (answer.body as { notifications: Array<{ kind: string }> }).notifications.filter(
      (notification) => notification.kind === 'mention',
    ).length;
  };
  const patchMe = (user: TestUser | undefined, body: object) => {
    const call = app.http.patch('/api/auth/me').send(body);
    return user ? call.set(bearer(user)) : call;
  };

  it('gives two people with the same e-mail local part distinct handles, and a mention reaches only the one named', async () => {
    const local = unique('ann');
    const first = await createUser(app, 'member', { email: `${local}@a.example` });
    const second = await createUser(app, 'member', { email: `${local}@b.example` });
    const author = await createUser(app, 'member');
    expect([first.handle, second.handle]).toEqual([local, `${local}2`]);
    const me = await app.http.get('/api/auth/me').set(bearer(second)).expect(200);
    expect(me.body.user).toMatchObject({ handle: `${local}2` });

    const comment = await post(author, `Over to you, @${local}2.`);
    expect(comment.bodyHtml).toContain(`<span class="mention">@${local}2</span>`);
    expect(await mentionsOf(second)).toBe(1);
    expect(await mentionsOf(first)).toBe(0);

    await post(author, `And you, @${local}.`);
    expect(await mentionsOf(first)).toBe(1);
    expect(await mentionsOf(second)).toBe(1);
  });

  it('lists mentionable people with their stored handle', async () => {
    const local = unique('zed');
    const person = await createUser(app, 'member', { email: `${local}@a.example` });
    const other = await createUser(app, 'member', { email: `${local}@b.example` });
    const found = await app.http
      .get(`/api/users/mentionable?q=${local}`)
      .set(bearer(person))
      .expect(200);
    expect(found.body.users ?? found.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: person.id, handle: local }),
        expect.objectContaining({ id: other.id, handle: `${local}2` }),
      ]),
    );
  });

  it('lets a person change their handle: mentions follow the new one, the old one stops resolving', async () => {
    const person = await createUser(app, 'viewer', { email: `${unique('bo')}@a.example` });
    const author = await createUser(app, 'member');
    const handle = unique('Bobby.').replace(/-/g, '');

    const changed = await patchMe(person, { handle }).expect(200);
    expect(changed.body.user).toMatchObject({ id: person.id, handle });
    const me = await app.http.get('/api/auth/me').set(bearer(person)).expect(200);
    expect(me.body.user.handle).toBe(handle);

    const byNew = await post(author, `Thoughts, @${handle.toLowerCase()}?`);
    expect(byNew.bodyHtml).toContain(`<span class="mention">@${handle.toLowerCase()}</span>`);
    expect(await mentionsOf(person)).toBe(1);

    const byOld = await post(author, `Thoughts, @${person.handle}?`);
    expect(byOld.bodyHtml).not.toContain('class="mention"');
    expect(await mentionsOf(person)).toBe(1);
  });

  it('signs comments with the author’s current handle', async () => {
    const author = await createUser(app, 'member', { email: `${unique('cy')}@a.example` });
    const handle = unique('cyd');
    await patchMe(author, { handle, displayName: 'Cy D.' }).expect(200);
    const comment = await post(author, 'Signed with my new handle.');
    expect(comment.author).toMatchObject({ handle, displayName: 'Cy D.' });
  });

  it('refuses a handle someone has in any case with 409 HANDLE_TAKEN', async () => {
    const owner = await createUser(app, 'member', { email: `${unique('dee')}@a.example` });
    const other = await createUser(app, 'member');
    expectError(await patchMe(other, { handle: owner.handle.toUpperCase() }), 409, 'HANDLE_TAKEN');
    const me = await app.http.get('/api/auth/me').set(bearer(other)).expect(200);
    expect(me.body.user.handle).toBe(other.handle);
  });

  it('refuses malformed, reserved and empty changes with 400', async () => {
    const person = await createUser(app, 'member');
    for (const handle of ['a', 'x'.repeat(33), 'has space', 'trailing.', '-lead', 'ALL', 'here', 7])
      expectError(await patchMe(person, { handle }), 400, 'VALIDATION_FAILED');
    expectError(await patchMe(person, {}), 400, 'VALIDATION_FAILED');
  });

  it('answers 401 without credentials', async () => {
    expectError(await patchMe(undefined, { handle: 'nobody' }), 401, 'UNAUTHENTICATED');
  });
});

describe('UserHandles migration', () => {
  it('fills handles from the e-mail, de-duplicated in sign-up order', async () => {
    const server = process.env.TEST_DATABASE_URL as string;
    const name = `briefroom_handles_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    try {
      const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UserHandles1764331200000));
      const previous = await new DataSource({
        ...dataSourceOptions(url.toString()),
        migrations: before,
      }).initialize();
      try {
        await runMigrations(previous);
        const emails = [
          'ann@a.example',
          'ann@b.example',
          'ann2@c.example',
          'all@d.example',
          'x.y+tag@e.example',
          '+++@f.example',
          'ann@g.example',
        ];
        for (const [i, email] of emails.entries())
          await previous.query(
            `INSERT INTO app_user (email, display_name, role, created_at) VALUES ($1, $1, 'member', now() - make_interval(secs => $2))`,
            [email, 100 - i],
          );
      } finally {
        await previous.destroy();
      }

      const latest = await new DataSource(dataSourceOptions(url.toString())).initialize();
      try {
        await runMigrations(latest);
        const rows: Array<{ email: string; handle: string }> = await latest.query(
          `SELECT email, handle FROM app_user ORDER BY created_at`,
        );
        expect(rows).toEqual([
          { email: 'ann@a.example', handle: 'ann' },
          { email: 'ann@b.example', handle: 'ann2' },
          { email: 'ann2@c.example', handle: 'ann22' },
          { email: 'all@d.example', handle: 'all2' },
          { email: 'x.y+tag@e.example', handle: 'x.ytag' },
          { email: '+++@f.example', handle: 'user' },
          { email: 'ann@g.example', handle: 'ann3' },
        ]);
        await expect(
          latest.query(
            `INSERT INTO app_user (email, display_name, role, handle) VALUES ('z@z.example', 'z', 'member', 'ANN')`,
          ),
        ).rejects.toThrow(/app_user_handle_key/);
      } finally {
        await latest.destroy();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
