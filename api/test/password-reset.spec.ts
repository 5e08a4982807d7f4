import pg from 'pg';
import { PasswordResetService } from '../src/auth/password-reset.service.js';
import { UsersRepository } from '../src/users/users.repository.js';
import { linkToken, MailInbox } from './support/mail-inbox.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const NEW_PASSWORD = 'a-brand-new-password';

describe(PasswordResetService.name, () => {
  let inbox: MailInbox;
  let app: TestApp;
  let db: pg.Client;
  let admin: TestUser;
  let member: TestUser;

  const ask = (email: string) => app.http.post('/api/auth/password-reset').send({ email });
  const confirm = (token: string, password = NEW_PASSWORD) =>
    app.http.post('/api/auth/password-reset/confirm').send({ token, password });
  const login = (email: string, password: string) =>
    app.http.post('/api/auth/login').send({ email, password });

  /** Asks for a link for `email` and returns the token from the e-mail it gets. */
  async function mailedToken(email: string): Promise<string> {
    await ask(email).expect(202);
    return linkToken(await inbox.next(email), 'reset-password');
  }

  /** A marker request to an address with an account: its mail arriving means every earlier job ran (the queue is FIFO, one at a time). */
  async function queueDrained(): Promise<void> {
    await mailedToken(member.email);
  }

  const auditActions = async (targetOrEmail: string) =>
    (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_event WHERE target_id = $1 OR details->>'email' = $1 ORDER BY at`,
        [targetOrEmail],
      )
    ).rows.map((row) => row.action);

  beforeAll(async () => {
    inbox = await MailInbox.start();
    app = await createTestApp({
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      PUBLIC_URL: 'https://brief.example.com',
      JOB_POLL_INTERVAL_MS: '500',
    });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    admin = await createUser(app, 'admin', { email: 'reset-admin@example.com' });
    member = await createUser(app, 'member', { email: 'marker@example.com' });
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await inbox?.close();
  });

  it('e-mails a one-time link that sets the password and ends every session and token', async () => {
    const user = await createUser(app, 'editor', { email: 'forgetful@example.com' });
    const apiToken = (
      await app.http.post('/api/auth/tokens').set(bearer(user)).send({ name: 'ci' }).expect(201)
    ).body.secret as string;

    await ask('Forgetful@Example.com ').expect(202);
    const mail = await inbox.next(user.email);
    expect(mail.subject).toBe('Reset your Briefroom password');
    expect(mail.text).toMatch(/https:\/\/brief\.example\.com\/reset-password\/[A-Za-z0-9_-]{43}\n/);
    const token = linkToken(mail, 'reset-password');
    // Stored only as a hash.
    const stored = await db.query(
      `SELECT token_hash FROM password_reset_token WHERE token_hash = $1`,
      [token],
    );
    expect(stored.rowCount).toBe(0);

    await confirm(token).expect(204);

    await app.http.get('/api/auth/me').set(bearer(user)).expect(401);
    await app.http.get('/api/auth/me').set(bearer(apiToken)).expect(401);
    expectError(await login(user.email, PASSWORD), 401, 'INVALID_CREDENTIALS');
    await login(user.email, NEW_PASSWORD).expect(200);
    // Single use.
    expectError(await confirm(token, 'yet-another-password'), 400, 'LINK_INVALID');
    await login(user.email, NEW_PASSWORD).expect(200);
    expect(await auditActions(user.email)).toContain('auth.password_reset.requested');
    expect(await auditActions(user.id)).toContain('auth.password_reset.completed');
  });

  it('answers 202 and sends nothing for unknown, deactivated and password-less accounts', async () => {
    const gone = await createUser(app, 'member', { email: 'gone@example.com' });
    await app.http
      .patch(`/api/admin/users/${gone.id}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    const users = app.server.app.get(UsersRepository);
    await users.create({
      email: 'sso-only@example.com',
      displayName: 'SSO',
      role: 'member',
      passwordHash: null,
    });

    const known = await ask(member.email).expect(202);
    await inbox.next(member.email);
    for (const email of ['nobody@example.com', 'gone@example.com', 'sso-only@example.com']) {
      const answer = await ask(email);
      expect({ status: answer.status, body: answer.text }).toEqual({
        status: 202,
        body: known.text,
      });
    }
    await queueDrained();
    expect(inbox.take('nobody@example.com')).toEqual([]);
    expect(inbox.take('gone@example.com')).toEqual([]);
    expect(inbox.take('sso-only@example.com')).toEqual([]);
    const links = await db.query(
      `SELECT t.id FROM password_reset_token t JOIN app_user u ON u.id = t.user_id WHERE u.email IN ('gone@example.com', 'sso-only@example.com')`,
    );
    expect(links.rowCount).toBe(0);
  });

  it('refuses an expired link and changes nothing', async () => {
    const user = await createUser(app, 'member', { email: 'slow-reader@example.com' });
    const token = await mailedToken(user.email);
    // Moves the link's clock past its 30 minutes.
    await db.query(
      `UPDATE password_reset_token t SET expires_at = now() - interval '1 second' FROM app_user u WHERE u.id = t.user_id AND u.email = $1`,
      [user.email],
    );
    expectError(await confirm(token), 400, 'LINK_INVALID');
    await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
    await login(user.email, PASSWORD).expect(200);
  });

  it('makes a link issued 30 minutes ahead', async () => {
    const user = await createUser(app, 'member', { email: 'timer@example.com' });
    await mailedToken(user.email);
    const { rows } = await db.query<{ minutes: number }>(
      `SELECT extract(epoch FROM t.expires_at - t.created_at) / 60 AS minutes FROM password_reset_token t JOIN app_user u ON u.id = t.user_id WHERE u.email = $1`,
      [user.email],
    );
    expect(rows.map((row) => Math.round(Number(row.minutes)))).toEqual([30]);
  });

  it('kills a link once a newer one is asked for', async () => {
    const user = await createUser(app, 'member', { email: 'twice@example.com' });
    const first = await mailedToken(user.email);
    const second = await mailedToken(user.email);
    expectError(await confirm(first), 400, 'LINK_INVALID');
    await confirm(second).expect(204);
  });

  it('kills a link once the password is changed another way', async () => {
    const user = await createUser(app, 'member', { email: 'changer@example.com' });
    const token = await mailedToken(user.email);
    await app.http
      .post('/api/auth/password')
      .set(bearer(user))
      .send({ currentPassword: PASSWORD, newPassword: 'changed-by-myself' })
      .expect(204);
    expectError(await confirm(token), 400, 'LINK_INVALID');
    await login(user.email, 'changed-by-myself').expect(200);
  });

  it('lifts a sign-in lock-out', async () => {
    const user = await createUser(app, 'member', { email: 'locked@example.com' });
    for (let attempt = 0; attempt < 5; attempt++) await login(user.email, 'wrong-password');
    expectError(await login(user.email, PASSWORD), 429, 'TOO_MANY_ATTEMPTS');
    await confirm(await mailedToken(user.email)).expect(204);
    await login(user.email, NEW_PASSWORD).expect(200);
  });

  it('limits requests per address alike whether or not it has an account', async () => {
    const user = await createUser(app, 'member', { email: 'spammed@example.com' });
    for (const email of [user.email, 'spammed-nobody@example.com']) {
      for (let attempt = 0; attempt < 5; attempt++) await ask(email).expect(202);
      const refused = await ask(email);
      expectError(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    await queueDrained();
    expect(inbox.take(user.email)).toHaveLength(5);
  });

  it('refuses bad input and changes nothing', async () => {
    expectError(await app.http.post('/api/auth/password-reset').send({}), 400, 'VALIDATION_FAILED');
    expectError(await ask('not-an-address'), 400, 'VALIDATION_FAILED');
    expectError(
      await app.http.post('/api/auth/password-reset/confirm').send({}),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await confirm('short'), 400, 'VALIDATION_FAILED');
    expectError(await confirm('x'.repeat(43)), 400, 'LINK_INVALID');

    const user = await createUser(app, 'member', { email: 'weak@example.com' });
    const token = await mailedToken(user.email);
    expectError(await confirm(token, 'short'), 400, 'VALIDATION_FAILED');
    await confirm(token).expect(204);
  });

  describe('Admin → Users reset link', () => {
    const issue = (userId: string, by?: TestUser) => {
      const call = app.http.post(`/api/admin/users/${userId}/password-reset`);
      return by ? call.set(bearer(by)) : call;
    };

    it('gives an admin the same one-time link', async () => {
      const user = await createUser(app, 'member', { email: 'handed@example.com' });
      const answer = await issue(user.id, admin).expect(201);
      expect(answer.body).toEqual({
        url: expect.stringMatching(
          /^https:\/\/brief\.example\.com\/reset-password\/[A-Za-z0-9_-]{43}$/,
        ),
        expiresAt: expect.any(String),
      });
      const minutes = (Date.parse(answer.body.expiresAt) - Date.now()) / 60_000;
      expect(Math.round(minutes)).toBe(30);
      const token = (answer.body.url as string).split('/').pop()!;
      await confirm(token).expect(204);
      await app.http.get('/api/auth/me').set(bearer(user)).expect(401);
      await login(user.email, NEW_PASSWORD).expect(200);
      expect(await auditActions(user.id)).toEqual(
        expect.arrayContaining([
          'admin.user.password_reset_link_issued',
          'auth.password_reset.completed',
        ]),
      );
    });

    it('is for admins only', async () => {
      const editor = await createUser(app, 'editor');
      expectError(await issue(member.id), 401, 'UNAUTHENTICATED');
      expectError(await issue(member.id, editor), 403, 'FORBIDDEN');
      expectError(await issue(member.id, member), 403, 'FORBIDDEN');
    });

    it('refuses an unknown, malformed or deactivated user', async () => {
      expectError(await issue('00000000-0000-4000-8000-000000000000', admin), 404, 'NOT_FOUND');
      expectError(await issue('not-a-uuid', admin), 400, 'VALIDATION_FAILED');
      const gone = await createUser(app, 'member', { email: 'gone-again@example.com' });
      await app.http
        .patch(`/api/admin/users/${gone.id}`)
        .set(bearer(admin))
        .send({ active: false })
        .expect(200);
      expectError(await issue(gone.id, admin), 409, 'CONFLICT');
    });
  });
});

describe('PasswordResetService without SMTP, from one client', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => app?.close());

  it('answers 202 and limits requests per client address', async () => {
    await createUser(app, 'member', { email: 'no-smtp@example.com' });
    for (const email of ['no-smtp@example.com', 'a@example.com', 'b@example.com'])
      await app.http.post('/api/auth/password-reset').send({ email }).expect(202);
    expectError(
      await app.http.post('/api/auth/password-reset').send({ email: 'c@example.com' }),
      429,
      'RATE_LIMITED',
    );
  });
});
