import pg from 'pg';
import { ProfileService } from '../src/auth/profile.service.js';
import { linkToken, MailInbox } from './support/mail-inbox.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface SessionRow {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

describe(ProfileService.name, () => {
  let inbox: MailInbox;
  let app: TestApp;
  let db: pg.Client;

  const askEmail = (user: TestUser | string, email: string, password = PASSWORD) =>
    app.http.post('/api/auth/me/email').set(bearer(user)).send({ email, password });
  const confirmEmail = (token: string) =>
    app.http.post('/api/auth/me/email/confirm').send({ token });
  const login = (email: string, password = PASSWORD, userAgent = 'jest') =>
    app.http.post('/api/auth/login').set('User-Agent', userAgent).send({ email, password });
  const sessions = async (user: TestUser | string): Promise<SessionRow[]> =>
    (await app.http.get('/api/auth/sessions').set(bearer(user)).expect(200)).body.sessions;

  beforeAll(async () => {
    inbox = await MailInbox.start();
    app = await createTestApp({
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      PUBLIC_URL: 'https://brief.example.com',
    });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await inbox?.close();
  });

  describe('e-mail change', () => {
    it('mails a link to the new address that changes it once', async () => {
      const user = await createUser(app, 'viewer', { email: 'mover@example.com' });
      const asked = await askEmail(user, ' Mover@New.Example.com').expect(202);
      expect(asked.body).toEqual({
        message: 'A link to confirm mover@new.example.com is on its way to that address.',
      });
      const mail = await inbox.next('mover@new.example.com');
      expect(mail.subject).toBe('Confirm your new Briefroom e-mail address');
      expect(inbox.take('mover@example.com')).toEqual([]);
      const token = linkToken(mail, 'confirm-email');
      expect(mail.text).toContain(`https://brief.example.com/confirm-email/${token}`);

      const confirmed = await confirmEmail(token).expect(200);
      expect(confirmed.body.user).toMatchObject({ id: user.id, email: 'mover@new.example.com' });
      expect(
        (await app.http.get('/api/auth/me').set(bearer(user)).expect(200)).body.user.email,
      ).toBe('mover@new.example.com');
      await login('mover@new.example.com').expect(200);
      expectError(await login('mover@example.com'), 401, 'INVALID_CREDENTIALS');
      expectError(await confirmEmail(token), 400, 'LINK_INVALID');
      const audit = await db.query(
        `SELECT details FROM audit_event WHERE action = 'auth.email_changed' AND target_id = $1`,
        [user.id],
      );
      expect(audit.rows).toEqual([
        { details: { from: 'mover@example.com', to: 'mover@new.example.com' } },
      ]);
    });

    it('sends nothing for an address that has an account, and answers alike', async () => {
      const user = await createUser(app, 'member', { email: 'grabber@example.com' });
      await createUser(app, 'member', { email: 'owned@example.com' });
      const answer = await askEmail(user, 'owned@example.com');
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 202,
        body: { message: 'A link to confirm owned@example.com is on its way to that address.' },
      });
      expect(inbox.take('owned@example.com')).toEqual([]);
    });

    it('refuses with 409 an address taken after the link was sent', async () => {
      const first = await createUser(app, 'member', { email: 'first@example.com' });
      const second = await createUser(app, 'member', { email: 'second@example.com' });
      await askEmail(first, 'wanted@example.com').expect(202);
      const firstToken = linkToken(await inbox.next('wanted@example.com'), 'confirm-email');
      await askEmail(second, 'wanted@example.com').expect(202);
      const secondToken = linkToken(await inbox.next('wanted@example.com'), 'confirm-email');
      await confirmEmail(firstToken).expect(200);
      expectError(await confirmEmail(secondToken), 409, 'EMAIL_TAKEN');
      expect(
        (await app.http.get('/api/auth/me').set(bearer(second)).expect(200)).body.user.email,
      ).toBe('second@example.com');
    });

    it('keeps only the newest link, and none past a password change or its 24 hours', async () => {
      const user = await createUser(app, 'member', { email: 'fickle@example.com' });
      await askEmail(user, 'fickle-a@example.com').expect(202);
      const older = linkToken(await inbox.next('fickle-a@example.com'), 'confirm-email');
      await askEmail(user, 'fickle-b@example.com').expect(202);
      const newer = linkToken(await inbox.next('fickle-b@example.com'), 'confirm-email');
      expectError(await confirmEmail(older), 400, 'LINK_INVALID');

      await app.http
        .post('/api/auth/password')
        .set(bearer(user))
        .send({ currentPassword: PASSWORD, newPassword: 'fickle-new-password' })
        .expect(204);
      expectError(await confirmEmail(newer), 400, 'LINK_INVALID');

      await askEmail(user, 'fickle-c@example.com', 'fickle-new-password').expect(202);
      const late = linkToken(await inbox.next('fickle-c@example.com'), 'confirm-email');
      await db.query(
        `UPDATE email_change_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      expectError(await confirmEmail(late), 400, 'LINK_INVALID');
      expect(
        (await app.http.get('/api/auth/me').set(bearer(user)).expect(200)).body.user.email,
      ).toBe('fickle@example.com');
    });

    it('refuses a wrong password, bad input and strangers, and stores nothing', async () => {
      const user = await createUser(app, 'member', { email: 'careful@example.com' });
      expectError(
        await askEmail(user, 'careful2@example.com', 'not-my-password'),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(await askEmail(user, 'not-an-address'), 400, 'VALIDATION_FAILED');
      expectError(await askEmail(user, 'careful@example.com'), 400, 'VALIDATION_FAILED');
      expectError(
        await app.http
          .post('/api/auth/me/email')
          .set(bearer(user))
          .send({ email: 'careful3@example.com' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .post('/api/auth/me/email')
          .send({ email: 'careful4@example.com', password: PASSWORD }),
        401,
        'UNAUTHENTICATED',
      );
      expectError(await confirmEmail('short'), 400, 'VALIDATION_FAILED');
      expectError(await confirmEmail('y'.repeat(43)), 400, 'LINK_INVALID');
      const stored = await db.query(`SELECT 1 FROM email_change_token WHERE user_id = $1`, [
        user.id,
      ]);
      expect(stored.rowCount).toBe(0);
    });
  });

  describe('sessions', () => {
    it('lists your own live sessions, the current one marked', async () => {
      const user = await createUser(app, 'viewer', { email: 'roamer@example.com' });
      const laptop = (await login(user.email, PASSWORD, 'Laptop Firefox').expect(200)).body
        .token as string;
      await login(user.email, PASSWORD, 'Phone Safari').expect(200);
      const listed = await sessions(laptop);
      expect(listed).toHaveLength(3);
      expect(
        listed.filter((session) => session.current).map((session) => session.userAgent),
      ).toEqual(['Laptop Firefox']);
      expect(listed.map((session) => session.userAgent).sort()).toEqual([
        'Laptop Firefox',
        'Phone Safari',
        'jest',
      ]);
      for (const session of listed) {
        expect(session.id).toMatch(/^[0-9a-f]{64}$/);
        expect(session.ip).toBe('127.0.0.1');
        expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.parse(session.createdAt));
      }
      // No session is the current one for an API token.
      const apiToken = (
        await app.http.post('/api/auth/tokens').set(bearer(user)).send({ name: 'cli' }).expect(201)
      ).body.secret as string;
      expect((await sessions(apiToken)).some((session) => session.current)).toBe(false);
      expectError(await app.http.get('/api/auth/sessions'), 401, 'UNAUTHENTICATED');
    });

    it('ends one of your sessions, and never someone else’s', async () => {
      const user = await createUser(app, 'member', { email: 'ender@example.com' });
      const other = await createUser(app, 'admin', { email: 'bystander@example.com' });
      const phone = (await login(user.email, PASSWORD, 'Phone').expect(200)).body.token as string;
      const phoneId = (await sessions(phone)).find((session) => session.current)!.id;
      const otherId = (await sessions(other))[0].id;

      expectError(
        await app.http.delete(`/api/auth/sessions/${otherId}`).set(bearer(user)),
        404,
        'NOT_FOUND',
      );
      await app.http.get('/api/auth/me').set(bearer(other)).expect(200);
      expectError(
        await app.http.delete('/api/auth/sessions/not-a-session').set(bearer(user)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await app.http.delete(`/api/auth/sessions/${phoneId}`), 401, 'UNAUTHENTICATED');

      await app.http.delete(`/api/auth/sessions/${phoneId}`).set(bearer(user)).expect(204);
      expectError(await app.http.get('/api/auth/me').set(bearer(phone)), 401, 'UNAUTHENTICATED');
      await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
      expectError(
        await app.http.delete(`/api/auth/sessions/${phoneId}`).set(bearer(user)),
        404,
        'NOT_FOUND',
      );
      expect((await sessions(user)).map((session) => session.id)).not.toContain(phoneId);
    });

    it('ends every other session at once, keeping the current one', async () => {
      const user = await createUser(app, 'member', { email: 'sweeper@example.com' });
      const a = (await login(user.email).expect(200)).body.token as string;
      const b = (await login(user.email).expect(200)).body.token as string;
      const answer = await app.http.delete('/api/auth/sessions').set(bearer(user)).expect(200);
      expect(answer.body).toEqual({ ended: 2 });
      expectError(await app.http.get('/api/auth/me').set(bearer(a)), 401, 'UNAUTHENTICATED');
      expectError(await app.http.get('/api/auth/me').set(bearer(b)), 401, 'UNAUTHENTICATED');
      expect((await sessions(user)).map((session) => session.current)).toEqual([true]);
      const audit = await db.query(
        `SELECT details FROM audit_event WHERE action = 'auth.sessions_ended' AND target_id = $1`,
        [user.id],
      );
      expect(audit.rows).toEqual([{ details: { count: 2 } }]);
      expectError(await app.http.delete('/api/auth/sessions'), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('ProfileService without SMTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('cannot confirm a new address, and says so', async () => {
    const user = await createUser(app, 'member', { email: 'offline@example.com' });
    expectError(
      await app.http
        .post('/api/auth/me/email')
        .set(bearer(user))
        .send({ email: 'offline2@example.com', password: PASSWORD }),
      409,
      'CONFLICT',
    );
  });
});
