import { authenticator } from 'otplib';
import pg from 'pg';
import { UsersRepository } from '../src/users/users.repository.js';
import { AuthService } from '../src/auth/auth.service.js';
import { SECOND_FACTOR_LOCKOUT } from '../src/auth/totp/totp.service.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const KEY = 'a'.repeat(64);

/** A code of the current time step, or of the next one (inside the ±1 step window). */
const code = (secret: string, stepsAhead = 0) =>
  authenticator.clone({ epoch: Date.now() + stepsAhead * 30_000 }).generate(secret);

const sessionCookie = (setCookie: string[] | string | undefined): string | undefined => {
  const cookies = Array.isArray(setCookie) ? setCookie : [setCookie ?? ''];
  return cookies.find((line) => line.startsWith('briefroom_session='))?.split(';')[0];
};

describe('Two-factor authentication (TOTP)', () => {
  let app: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    app = await createTestApp({ TOTP_ENCRYPTION_KEY: KEY });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const auditActions = async (userId: string): Promise<string[]> =>
    (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_event WHERE actor_id = $1 OR target_id = $1::text ORDER BY at, id`,
        [userId],
      )
    ).rows.map((row) => row.action);

  /** Enrols the user through the API; returns the secret and the recovery codes. */
  async function enrol(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await app.http.post('/api/auth/totp/setup').set(bearer(user)).expect(200);
    const enabled = await app.http
      .post('/api/auth/totp/enable')
      .set(bearer(user))
      .send({ code: code(setup.body.secret) })
      .expect(200);
    return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
  }

  const login = (user: TestUser, password = PASSWORD) =>
    app.http.post('/api/auth/login').send({ email: user.email, password });

  async function challengeOf(user: TestUser): Promise<string> {
    const response = await login(user).expect(200);
    expect(response.body).toEqual({
      totpRequired: true,
      enrolmentRequired: false,
      challenge: expect.any(String),
    });
    expect(sessionCookie(response.headers['set-cookie'])).toBeUndefined();
    return response.body.challenge;
  }

  describe('enrolment', () => {
    it('issues a pending secret with an otpauth URL and QR, turns on with a code, and gives 10 recovery codes once', async () => {
      const user = await createUser(app, 'member');
      await app.http.get('/api/auth/totp').set(bearer(user)).expect(200, {
        enabled: false,
        pending: false,
        recoveryCodesLeft: 0,
        required: false,
        available: true,
      });
      const setup = await app.http.post('/api/auth/totp/setup').set(bearer(user)).expect(200);
      expect(setup.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(setup.body.otpauthUrl).toBe(
        `otpauth://totp/Briefroom:${encodeURIComponent(user.email)}?secret=${setup.body.secret}&period=30&digits=6&algorithm=SHA1&issuer=Briefroom`,
      );
      expect(setup.body.qrSvg).toMatch(/^<svg/);
      expect((await app.http.get('/api/auth/totp').set(bearer(user))).body).toMatchObject({
        enabled: false,
        pending: true,
      });
      // Sealed at rest under TOTP_ENCRYPTION_KEY: the base32 secret is not in the row.
      const stored = await db.query<{ secret: string }>(
        'SELECT secret FROM user_totp WHERE user_id = $1',
        [user.id],
      );
      expect(stored.rows[0].secret).toMatch(/^gcm:/);
      expect(stored.rows[0].secret).not.toContain(setup.body.secret);

      expectError(
        await app.http
          .post('/api/auth/totp/enable')
          .set(bearer(user))
          .send({ code: code(setup.body.secret) === '000000' ? '111111' : '000000' }),
        400,
        'BAD_REQUEST',
      );
      const enabled = await app.http
        .post('/api/auth/totp/enable')
        .set(bearer(user))
        .send({ code: code(setup.body.secret) })
        .expect(200);
      expect(enabled.body.recoveryCodes).toHaveLength(10);
      expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
      for (const recovery of enabled.body.recoveryCodes)
        expect(recovery).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      const hashes = await db.query<{ code_hash: string }>(
        'SELECT code_hash FROM totp_recovery_code WHERE user_id = $1',
        [user.id],
      );
      expect(hashes.rows).toHaveLength(10);
      expect(hashes.rows.map((row) => row.code_hash)).not.toContain(enabled.body.recoveryCodes[0]);
      expect((await app.http.get('/api/auth/totp').set(bearer(user))).body).toEqual({
        enabled: true,
        pending: false,
        recoveryCodesLeft: 10,
        required: false,
        available: true,
      });
      // A second setup would silently replace a working secret: refused.
      expectError(await app.http.post('/api/auth/totp/setup').set(bearer(user)), 409, 'CONFLICT');
      expect(await auditActions(user.id)).toContain('auth.totp.enabled');
    });

    it('refuses enable before setup, and recovery-codes and disable while off', async () => {
      const user = await createUser(app, 'viewer');
      expectError(
        await app.http.post('/api/auth/totp/enable').set(bearer(user)).send({ code: '123456' }),
        409,
        'CONFLICT',
      );
      expectError(
        await app.http
          .post('/api/auth/totp/recovery-codes')
          .set(bearer(user))
          .send({ code: '123456' }),
        409,
        'CONFLICT',
      );
      expectError(
        await app.http
          .post('/api/auth/totp/disable')
          .set(bearer(user))
          .send({ password: PASSWORD }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('sign-in', () => {
    it('keeps the old response for accounts without a second factor', async () => {
      const user = await createUser(app, 'member');
      const response = await login(user).expect(200);
      expect(response.body).toEqual({
        user: expect.objectContaining({ id: user.id }),
        token: expect.any(String),
      });
      expect(sessionCookie(response.headers['set-cookie'])).toBeDefined();
    });

    it('answers a challenge, then signs in with a code; a wrong or replayed code is refused', async () => {
      const user = await createUser(app, 'editor');
      const { secret } = await enrol(user);

      const challenge = await challengeOf(user);
      const next = code(secret, 1);
      expectError(
        await app.http
          .post('/api/auth/login/totp')
          .send({ challenge, code: next === '000000' ? '111111' : '000000' }),
        401,
        'INVALID_CREDENTIALS',
      );
      const signedIn = await app.http
        .post('/api/auth/login/totp')
        .send({ challenge, code: next })
        .expect(200);
      expect(signedIn.body).toEqual({
        user: expect.objectContaining({ id: user.id, email: user.email }),
        token: expect.any(String),
      });
      const cookie = sessionCookie(signedIn.headers['set-cookie']);
      expect(cookie).toBeDefined();
      await app.http
        .get('/api/auth/me')
        .set('Cookie', cookie as string)
        .expect(200);

      // The challenge is spent, and the code's time step is used.
      expectError(
        await app.http.post('/api/auth/login/totp').send({ challenge, code: next }),
        401,
        'INVALID_CREDENTIALS',
      );
      const again = await challengeOf(user);
      expectError(
        await app.http.post('/api/auth/login/totp').send({ challenge: again, code: next }),
        401,
        'INVALID_CREDENTIALS',
      );
      const audited = await db.query<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_event WHERE target_id = $1::text ORDER BY at, id`,
        [user.id],
      );
      expect(audited.rows).toEqual(
        expect.arrayContaining([
          { action: 'auth.sign_in', details: { method: 'password+totp' } },
          {
            action: 'auth.sign_in.failed',
            details: { secondFactor: true, step: 'sign_in', lockedOut: false },
          },
        ]),
      );
    });

    it('takes each recovery code once, and regenerating them retires the old ones', async () => {
      const user = await createUser(app, 'member');
      const { secret, recoveryCodes } = await enrol(user);

      await app.http
        .post('/api/auth/login/totp')
        .send({ challenge: await challengeOf(user), code: recoveryCodes[0].toUpperCase() })
        .expect(200);
      expectError(
        await app.http
          .post('/api/auth/login/totp')
          .send({ challenge: await challengeOf(user), code: recoveryCodes[0] }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect((await app.http.get('/api/auth/totp').set(bearer(user))).body.recoveryCodesLeft).toBe(
        9,
      );
      expect(await auditActions(user.id)).toContain('auth.totp.recovery_code_used');

      const fresh = await app.http
        .post('/api/auth/totp/recovery-codes')
        .set(bearer(user))
        .send({ code: code(secret, 1) })
        .expect(200);
      expect(fresh.body.recoveryCodes).toHaveLength(10);
      expectError(
        await app.http
          .post('/api/auth/login/totp')
          .send({ challenge: await challengeOf(user), code: recoveryCodes[1] }),
        401,
        'INVALID_CREDENTIALS',
      );
      await app.http
        .post('/api/auth/login/totp')
        .send({ challenge: await challengeOf(user), code: fresh.body.recoveryCodes[1] })
        .expect(200);
    });

    it('locks the account like wrong passwords after repeated wrong codes', async () => {
      const user = await createUser(app, 'member');
      const { secret } = await enrol(user);
      const challenge = await challengeOf(user);
      const wrong = code(secret, 1) === '000000' ? '111111' : '000000';
      for (let attempt = 1; attempt < SECOND_FACTOR_LOCKOUT.maxFailures; attempt++) {
        expectError(
          await app.http.post('/api/auth/login/totp').send({ challenge, code: wrong }),
          401,
          'INVALID_CREDENTIALS',
        );
      }
      const locked = await app.http.post('/api/auth/login/totp').send({ challenge, code: wrong });
      expectError(locked, 429, 'TOO_MANY_ATTEMPTS');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Locked: neither the password step nor a right code gets through.
      expectError(await login(user), 429, 'TOO_MANY_ATTEMPTS');
      expectError(
        await app.http.post('/api/auth/login/totp').send({ challenge, code: code(secret, 1) }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('refuses a missing, malformed or unknown challenge', async () => {
      expectError(
        await app.http.post('/api/auth/login/totp').send({ code: '123456' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.post('/api/auth/login/totp').send({ challenge: 'x', code: 7 }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.post('/api/auth/login/totp').send({ challenge: 'nope', code: '123456' }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await app.http.post('/api/auth/login/totp/setup').send({ challenge: 'nope' }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await app.http.post('/api/auth/login/totp/setup').send({}),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('disable', () => {
    it('needs the password or a code, then removes the secret and recovery codes', async () => {
      const user = await createUser(app, 'member');
      const { recoveryCodes } = await enrol(user);
      expectError(
        await app.http.post('/api/auth/totp/disable').set(bearer(user)).send({}),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .post('/api/auth/totp/disable')
          .set(bearer(user))
          .send({ password: 'not the password' }),
        400,
        'BAD_REQUEST',
      );
      await app.http
        .post('/api/auth/totp/disable')
        .set(bearer(user))
        .send({ code: recoveryCodes[3] })
        .expect(204);
      const left = await db.query(
        `SELECT (SELECT count(*) FROM user_totp WHERE user_id = $1)::int AS secrets,
                (SELECT count(*) FROM totp_recovery_code WHERE user_id = $1)::int AS codes`,
        [user.id],
      );
      expect(left.rows[0]).toEqual({ secrets: 0, codes: 0 });
      const response = await login(user).expect(200);
      expect(response.body.token).toEqual(expect.any(String));
      expect(await auditActions(user.id)).toContain('auth.totp.disabled');
    });

    it('works with the password too', async () => {
      const user = await createUser(app, 'viewer');
      await enrol(user);
      await app.http
        .post('/api/auth/totp/disable')
        .set(bearer(user))
        .send({ password: PASSWORD })
        .expect(204);
      expect((await app.http.get('/api/auth/totp').set(bearer(user))).body.enabled).toBe(false);
    });
  });

  describe('access', () => {
    const routes: Array<['get' | 'post', string]> = [
      ['get', '/api/auth/totp'],
      ['post', '/api/auth/totp/setup'],
      ['post', '/api/auth/totp/enable'],
      ['post', '/api/auth/totp/disable'],
      ['post', '/api/auth/totp/recovery-codes'],
    ];

    it('refuses the account routes without a sign-in', async () => {
      for (const [method, path] of routes)
        expectError(await app.http[method](path).send({ code: '123456' }), 401, 'UNAUTHENTICATED');
    });

    it('refuses managing the second factor with an API token', async () => {
      const user = await createUser(app, 'member');
      const token = await app.http
        .post('/api/auth/tokens')
        .set(bearer(user))
        .send({ name: 'script' })
        .expect(201);
      for (const [, path] of routes.slice(1))
        expectError(
          await app.http
            .post(path)
            .set(bearer(token.body.secret))
            .send(path.endsWith('setup') ? {} : { code: '123456' }),
          403,
          'FORBIDDEN',
        );
      expect(await db.query('SELECT 1 FROM user_totp WHERE user_id = $1', [user.id])).toMatchObject(
        {
          rowCount: 0,
        },
      );
    });

    it('refuses accounts without a password (single sign-on)', async () => {
      const users = app.server.app.get(UsersRepository);
      const sso = await users.create({
        email: 'sso-only@example.com',
        displayName: 'SSO',
        role: 'editor',
        passwordHash: null,
      });
      const session = await app.server.app
        .get(AuthService)
        .startSession(sso, { userAgent: 'jest', ip: '127.0.0.1' });
      expect((await app.http.get('/api/auth/totp').set(bearer(session.token))).body.available).toBe(
        false,
      );
      expectError(
        await app.http.post('/api/auth/totp/setup').set(bearer(session.token)),
        403,
        'FORBIDDEN',
      );
    });

    it('lets only admins read and change the security setting, and checks its input', async () => {
      const member = await createUser(app, 'member');
      const editor = await createUser(app, 'editor');
      const admin = await createUser(app, 'admin');
      expectError(await app.http.get('/api/admin/security'), 401, 'UNAUTHENTICATED');
      expectError(
        await app.http.put('/api/admin/security').send({ requireTotpFor: [] }),
        401,
        'UNAUTHENTICATED',
      );
      for (const user of [member, editor]) {
        expectError(await app.http.get('/api/admin/security').set(bearer(user)), 403, 'FORBIDDEN');
        expectError(
          await app.http
            .put('/api/admin/security')
            .set(bearer(user))
            .send({ requireTotpFor: ['editor'] }),
          403,
          'FORBIDDEN',
        );
      }
      for (const body of [
        {},
        { requireTotpFor: ['viewer'] },
        { requireTotpFor: 'editor' },
        { requireTotpFor: [1] },
      ])
        expectError(
          await app.http.put('/api/admin/security').set(bearer(admin)).send(body),
          400,
          'VALIDATION_FAILED',
        );
      await app.http
        .get('/api/admin/security')
        .set(bearer(admin))
        .expect(200, { requireTotpFor: [] });
    });
  });

  describe('admin removing a second factor', () => {
    it('removes it and ends the sessions of someone who lost their phone and codes', async () => {
      const admin = await createUser(app, 'admin');
      const member = await createUser(app, 'member');
      await enrol(member);
      const path = `/api/admin/users/${member.id}/totp`;

      expectError(await app.http.delete(path), 401, 'UNAUTHENTICATED');
      expectError(await app.http.delete(path).set(bearer(member)), 403, 'FORBIDDEN');
      expectError(
        await app.http.delete('/api/admin/users/not-a-uuid/totp').set(bearer(admin)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .delete('/api/admin/users/00000000-0000-4000-8000-000000000000/totp')
          .set(bearer(admin)),
        404,
        'NOT_FOUND',
      );
      await app.http.get('/api/auth/me').set(bearer(member)).expect(200);

      await app.http.delete(path).set(bearer(admin)).expect(204);
      expectError(await app.http.get('/api/auth/me').set(bearer(member)), 401, 'UNAUTHENTICATED');
      expect((await login(member).expect(200)).body.token).toEqual(expect.any(String));
      expect(await auditActions(member.id)).toContain('admin.user.totp_removed');
      expectError(await app.http.delete(path).set(bearer(admin)), 409, 'CONFLICT');
    });
  });

  describe('admin requirement', () => {
    afterEach(async () => {
      await db.query(`UPDATE security_setting SET require_totp_for = '{}'`);
    });

    it('makes editors without a second factor enrol at their next sign-in, and keeps it on', async () => {
      const admin = await createUser(app, 'admin');
      const editor = await createUser(app, 'editor');
      const member = await createUser(app, 'member');

      // The admin must have one before requiring it of admins.
      expectError(
        await app.http
          .put('/api/admin/security')
          .set(bearer(admin))
          .send({ requireTotpFor: ['admin'] }),
        409,
        'CONFLICT',
      );
      await app.http
        .put('/api/admin/security')
        .set(bearer(admin))
        .send({ requireTotpFor: ['editor', 'editor'] })
        .expect(200, { requireTotpFor: ['editor'] });
      expect(await auditActions(admin.id)).toContain('admin.security.updated');

      // The editor's session ended; the member's and the admin's did not.
      expectError(await app.http.get('/api/auth/me').set(bearer(editor)), 401, 'UNAUTHENTICATED');
      await app.http.get('/api/auth/me').set(bearer(member)).expect(200);
      await app.http.get('/api/auth/me').set(bearer(admin)).expect(200);
      expect((await login(member).expect(200)).body.token).toEqual(expect.any(String));

      const challenge = await login(editor).expect(200);
      expect(challenge.body).toEqual({
        totpRequired: true,
        enrolmentRequired: true,
        challenge: expect.any(String),
      });
      // A code is no use before the secret exists.
      expectError(
        await app.http
          .post('/api/auth/login/totp')
          .send({ challenge: challenge.body.challenge, code: '123456' }),
        409,
        'CONFLICT',
      );
      const setup = await app.http
        .post('/api/auth/login/totp/setup')
        .send({ challenge: challenge.body.challenge })
        .expect(200);
      expect(setup.body.otpauthUrl).toContain(setup.body.secret);
      const signedIn = await app.http
        .post('/api/auth/login/totp')
        .send({ challenge: challenge.body.challenge, code: code(setup.body.secret) })
        .expect(200);
      expect(signedIn.body.recoveryCodes).toHaveLength(10);
      expect(sessionCookie(signedIn.headers['set-cookie'])).toBeDefined();
      const session = signedIn.body.token as string;
      expect((await app.http.get('/api/auth/totp').set(bearer(session))).body).toMatchObject({
        enabled: true,
        required: true,
      });

      // Required: it cannot be turned off.
      expectError(
        await app.http
          .post('/api/auth/totp/disable')
          .set(bearer(session))
          .send({ password: PASSWORD }),
        403,
        'FORBIDDEN',
      );
      // Next sign-in is an ordinary code challenge.
      const next = await challengeOf({ ...editor, token: session });
      await app.http
        .post('/api/auth/login/totp')
        .send({ challenge: next, code: code(setup.body.secret, 1) })
        .expect(200);
    });

    it('lets an enrolled admin require it for admins', async () => {
      const admin = await createUser(app, 'admin');
      await enrol(admin);
      await app.http
        .put('/api/admin/security')
        .set(bearer(admin))
        .send({ requireTotpFor: ['admin', 'editor'] })
        .expect(200, { requireTotpFor: ['editor', 'admin'] });
      await app.http.get('/api/auth/me').set(bearer(admin)).expect(200);
    });
  });
});
