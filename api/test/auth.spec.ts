import pg from 'pg';
import { LOCKOUT } from '../src/auth/auth.service.js';
import { bearer, createUser, expectError, PASSWORD } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sessionCookie = (setCookie: string[] | string | undefined): string => {
  const cookies = Array.isArray(setCookie) ? setCookie : [setCookie ?? ''];
  const cookie = cookies.find((line) => line.startsWith('briefroom_session='));
  if (!cookie) throw new Error('no session cookie set');
  return cookie.split(';')[0];
};

describe('Accounts and sign-in', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('first account', () => {
    // Sign-up is open only on a database with no users: this test gets one of its own.
    let empty: TestApp;
    beforeAll(async () => {
      empty = await createTestApp();
    });
    afterAll(() => empty.close());

    it('lets the first sign-up become admin, then closes sign-up', async () => {
      const app = empty;
      await app.http.get('/api/auth/setup').expect(200, { needsSetup: true });
      const first = await app.http
        .post('/api/auth/signup')
        .send({
          email: 'Founder@Example.com',
          password: PASSWORD,
          displayName: 'Founder',
          setupCode: app.server.setupCode,
        })
        .expect(201);
      expect(first.body.user).toMatchObject({
        email: 'founder@example.com',
        role: 'admin',
        active: true,
      });
      expect(first.headers['set-cookie']?.[0]).toMatch(
        /briefroom_session=.+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/,
      );
      await app.http.get('/api/auth/setup').expect(200, { needsSetup: false });

      const second = await app.http.post('/api/auth/signup').send({
        email: 'late@example.com',
        password: PASSWORD,
        displayName: 'Late',
        setupCode: app.server.setupCode,
      });
      expectError(second, 403, 'SIGNUP_CLOSED');
    });
  });

  describe('login', () => {
    it('signs in with a cookie and a bearer token that both authenticate /me', async () => {
      const user = await createUser(app, 'member');
      const login = await app.http
        .post('/api/auth/login')
        .send({ email: user.email.toUpperCase(), password: PASSWORD })
        .expect(200);
      expect(login.body.user).toMatchObject({ id: user.id, role: 'member' });
      expect(login.body.token).toEqual(expect.any(String));

      const viaCookie = await app.http
        .get('/api/auth/me')
        .set('Cookie', sessionCookie(login.headers['set-cookie']))
        .expect(200);
      expect(viaCookie.body.user).toMatchObject({ id: user.id, email: user.email, role: 'member' });
      const viaBearer = await app.http
        .get('/api/auth/me')
        .set(bearer(login.body.token))
        .expect(200);
      expect(viaBearer.body.user.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown email alike with 401', async () => {
      const user = await createUser(app, 'viewer');
      expectError(
        await app.http
          .post('/api/auth/login')
          .send({ email: user.email, password: 'wrong-password' }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await app.http.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'x' }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('locks an account out after repeated failures with 429 and Retry-After, even for the right password', async () => {
      const user = await createUser(app, 'viewer');
      for (let attempt = 1; attempt < LOCKOUT.maxFailures; attempt++) {
        expectError(
          await app.http
            .post('/api/auth/login')
            .send({ email: user.email, password: 'wrong-password' }),
          401,
          'INVALID_CREDENTIALS',
        );
      }
      const locked = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'wrong-password' });
      expectError(locked, 429, 'TOO_MANY_ATTEMPTS');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(LOCKOUT.windowSeconds - 60);
      const stillLocked = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD });
      expectError(stillLocked, 429, 'TOO_MANY_ATTEMPTS');
      expect(Number(stillLocked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('rejects malformed bodies with 400 in the contract shape', async () => {
      const missing = await app.http.post('/api/auth/login').send({});
      expectError(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'email' })]),
      );
      expectError(
        await app.http.post('/api/auth/login').send({ email: 'not-an-email', password: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      const extra = await app.http
        .post('/api/auth/login')
        .send({ email: 'a@example.com', password: 'x', admin: true });
      expectError(extra, 400, 'VALIDATION_FAILED');
      expect(extra.body.error.message).toContain('admin');
      expectError(
        await app.http
          .post('/api/auth/login')
          .set('Content-Type', 'application/json')
          .send('{"email":'),
        400,
        'BAD_REQUEST',
      );
      expectError(
        await app.http.post('/api/auth/login').send({ email: 'a@example.com', password: 42 }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('sessions', () => {
    it('ends a session on logout: the token and cookie stop working', async () => {
      const user = await createUser(app, 'member');
      const login = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      const cookie = sessionCookie(login.headers['set-cookie']);
      const logout = await app.http
        .post('/api/auth/logout')
        .set(bearer(login.body.token))
        .expect(204);
      expect(String(logout.headers['set-cookie'])).toMatch(/briefroom_session=;/);
      expectError(
        await app.http.get('/api/auth/me').set(bearer(login.body.token)),
        401,
        'UNAUTHENTICATED',
      );
      expectError(await app.http.get('/api/auth/me').set('Cookie', cookie), 401, 'UNAUTHENTICATED');
      // Other sessions of the same user are untouched.
      await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
    });

    it('never adopts a session planted before sign-in (session fixation)', async () => {
      const attacker = await createUser(app, 'member');
      const victim = await createUser(app, 'member');
      const planted = `briefroom_session=${attacker.token}`;
      for (const plantedCookie of [planted, 'briefroom_session=chosen-by-the-attacker']) {
        const login = await app.http
          .post('/api/auth/login')
          .set('Cookie', plantedCookie)
          .send({ email: victim.email, password: PASSWORD })
          .expect(200);
        const issued = sessionCookie(login.headers['set-cookie']);
        expect(issued).not.toBe(plantedCookie);
        expect(login.body.token).not.toBe(attacker.token);
        const me = await app.http.get('/api/auth/me').set('Cookie', issued).expect(200);
        expect(me.body.user.id).toBe(victim.id);
      }
      // The planted cookie is still the attacker's own session, never the victim's.
      const still = await app.http.get('/api/auth/me').set('Cookie', planted).expect(200);
      expect(still.body.user.id).toBe(attacker.id);
      expectError(
        await app.http
          .get('/api/auth/me')
          .set('Cookie', 'briefroom_session=chosen-by-the-attacker'),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('ends every other session when the password changes', async () => {
      const user = await createUser(app, 'member');
      const other = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expectError(
        await app.http
          .post('/api/auth/password')
          .set(bearer(user))
          .send({ currentPassword: 'wrong-password', newPassword: 'a-new-long-password' }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await app.http
          .post('/api/auth/password')
          .set(bearer(user))
          .send({ currentPassword: PASSWORD, newPassword: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      await app.http
        .post('/api/auth/password')
        .set(bearer(user))
        .send({ currentPassword: PASSWORD, newPassword: 'a-new-long-password' })
        .expect(204);
      await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
      expectError(
        await app.http.get('/api/auth/me').set(bearer(other.body.token)),
        401,
        'UNAUTHENTICATED',
      );
      await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'a-new-long-password' })
        .expect(200);
    });

    it('sees a session revoked by another app process (cache invalidated through NOTIFY)', async () => {
      const user = await createUser(app, 'member');
      await app.http.get('/api/auth/me').set(bearer(user)).expect(200); // now cached
      const client = new pg.Client({ connectionString: app.databaseUrl });
      await client.connect();
      try {
        // What another process does on logout: revoke in the database, then notify.
        await client.query(`UPDATE session SET revoked_at = now() WHERE user_id = $1`, [user.id]);
        await client.query(`SELECT pg_notify('briefroom_auth', $1)`, [`user:${user.id}`]);
      } finally {
        await client.end();
      }
      await expect(
        pollStatus(() => app.http.get('/api/auth/me').set(bearer(user)), 401),
      ).resolves.toBe(401);
    });

    it('rejects an unknown or garbage token with 401', async () => {
      expectError(
        await app.http.get('/api/auth/me').set(bearer('not-a-real-token')),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await app.http.get('/api/auth/me').set('Authorization', 'Basic abc'),
        401,
        'UNAUTHENTICATED',
      );
      expectError(await app.http.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('CSRF', () => {
    it('refuses cookie-authenticated writes without this origin, and accepts them with it', async () => {
      const user = await createUser(app, 'member');
      const login = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      const cookie = sessionCookie(login.headers['set-cookie']);
      const body = { name: 'ci' };

      expectError(
        await app.http.post('/api/auth/tokens').set('Cookie', cookie).send(body),
        403,
        'CSRF_REJECTED',
      );
      expectError(
        await app.http
          .post('/api/auth/tokens')
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .send(body),
        403,
        'CSRF_REJECTED',
      );
      expectError(
        await app.http
          .post('/api/auth/tokens')
          .set('Cookie', cookie)
          .set('Referer', 'https://evil.example/page')
          .send(body),
        403,
        'CSRF_REJECTED',
      );
      expectError(
        await app.http
          .post('/api/auth/login')
          .set('Origin', 'https://evil.example')
          .send({ email: user.email, password: PASSWORD }),
        403,
        'CSRF_REJECTED',
      );

      await app.http
        .post('/api/auth/tokens')
        .set('Cookie', cookie)
        .set('Origin', app.baseUrl)
        .send(body)
        .expect(201);
      await app.http
        .post('/api/auth/tokens')
        .set('Cookie', cookie)
        .set('Origin', app.config.publicUrl.origin)
        .send(body)
        .expect(201);
      // Reads and bearer-authenticated writes need no origin.
      await app.http.get('/api/auth/tokens').set('Cookie', cookie).expect(200);
      await app.http.post('/api/auth/tokens').set(bearer(user)).send(body).expect(201);
    });
  });

  describe('personal API tokens', () => {
    it('shows the secret once, authenticates with it, caps its role, and stops working when revoked', async () => {
      const editor = await createUser(app, 'editor');
      const created = await app.http
        .post('/api/auth/tokens')
        .set(bearer(editor))
        .send({ name: 'importer', role: 'viewer', expiresInDays: 30 })
        .expect(201);
      expect(created.body.secret).toMatch(/^brt_/);
      expect(created.body.token).toMatchObject({
        name: 'importer',
        role: 'viewer',
        lastUsedAt: null,
      });

      const listed = await app.http.get('/api/auth/tokens').set(bearer(editor)).expect(200);
      expect(listed.body.tokens).toEqual([
        expect.objectContaining({ id: created.body.token.id, name: 'importer' }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

      const me = await app.http.get('/api/auth/me').set(bearer(created.body.secret)).expect(200);
      expect(me.body.user.id).toBe(editor.id);
      // The token acts as a viewer: it may not create tokens above viewer, nor reach admin routes.
      expectError(
        await app.http
          .post('/api/auth/tokens')
          .set(bearer(created.body.secret))
          .send({ name: 'x', role: 'editor' }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await app.http
          .post('/api/auth/tokens')
          .set(bearer(editor))
          .send({ name: 'too strong', role: 'admin' }),
        403,
        'FORBIDDEN',
      );

      await app.http
        .delete(`/api/auth/tokens/${created.body.token.id}`)
        .set(bearer(editor))
        .expect(204);
      expectError(
        await app.http.get('/api/auth/me').set(bearer(created.body.secret)),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await app.http.delete(`/api/auth/tokens/${created.body.token.id}`).set(bearer(editor)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.delete('/api/auth/tokens/not-a-uuid').set(bearer(editor)),
        400,
        'VALIDATION_FAILED',
      );
    });

    it("cannot revoke someone else's token", async () => {
      const owner = await createUser(app, 'member');
      const other = await createUser(app, 'admin');
      const created = await app.http
        .post('/api/auth/tokens')
        .set(bearer(owner))
        .send({ name: 'mine' })
        .expect(201);
      expectError(
        await app.http.delete(`/api/auth/tokens/${created.body.token.id}`).set(bearer(other)),
        404,
        'NOT_FOUND',
      );
      await app.http.get('/api/auth/me').set(bearer(created.body.secret)).expect(200);
    });
  });

  describe('administration', () => {
    it('invites a user with a one-time link that signs them in with the invited role', async () => {
      const admin = await createUser(app, 'admin');
      const invite = await app.http
        .post('/api/admin/invites')
        .set(bearer(admin))
        .send({ email: 'Newcomer@Example.com', role: 'editor' })
        .expect(201);
      expect(invite.body.invite).toMatchObject({
        email: 'newcomer@example.com',
        role: 'editor',
        acceptedAt: null,
      });
      const token = (invite.body.url as string).replace('/invite/', '');

      await app.http
        .get(`/api/invites/${token}`)
        .expect(200)
        .expect((r) =>
          expect(r.body).toMatchObject({ email: 'newcomer@example.com', role: 'editor' }),
        );
      expectError(
        await app.http
          .post(`/api/invites/${token}/accept`)
          .send({ displayName: 'New', password: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      const accepted = await app.http
        .post(`/api/invites/${token}/accept`)
        .send({ displayName: 'Newcomer', password: PASSWORD })
        .expect(201);
      expect(accepted.body.user).toMatchObject({
        email: 'newcomer@example.com',
        role: 'editor',
        displayName: 'Newcomer',
      });
      await app.http.get('/api/auth/me').set(bearer(accepted.body.token)).expect(200);

      expectError(
        await app.http
          .post(`/api/invites/${token}/accept`)
          .send({ displayName: 'Again', password: PASSWORD }),
        404,
        'INVITE_NOT_FOUND',
      );
      expectError(await app.http.get(`/api/invites/${token}`), 404, 'INVITE_NOT_FOUND');
      expectError(
        await app.http.get('/api/invites/this-token-does-not-exist-at-all'),
        404,
        'INVITE_NOT_FOUND',
      );
      expectError(
        await app.http
          .post('/api/admin/invites')
          .set(bearer(admin))
          .send({ email: 'newcomer@example.com', role: 'viewer' }),
        409,
        'EMAIL_TAKEN',
      );
      expectError(
        await app.http
          .post('/api/admin/invites')
          .set(bearer(admin))
          .send({ email: 'x@example.com', role: 'overlord' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('revokes an invitation', async () => {
      const admin = await createUser(app, 'admin');
      const invite = await app.http
        .post('/api/admin/invites')
        .set(bearer(admin))
        .send({ email: 'revoked@example.com', role: 'viewer' })
        .expect(201);
      await app.http
        .delete(`/api/admin/invites/${invite.body.invite.id}`)
        .set(bearer(admin))
        .expect(204);
      expectError(
        await app.http.get(invite.body.url.replace('/invite/', '/api/invites/')),
        404,
        'INVITE_NOT_FOUND',
      );
      const pending = await app.http.get('/api/admin/invites').set(bearer(admin)).expect(200);
      expect(pending.body.invites.map((i: { id: string }) => i.id)).not.toContain(
        invite.body.invite.id,
      );
    });

    it('changes roles at once and deactivation ends every session and token', async () => {
      const admin = await createUser(app, 'admin');
      const user = await createUser(app, 'viewer');
      const token = await app.http
        .post('/api/auth/tokens')
        .set(bearer(user))
        .send({ name: 'bot' })
        .expect(201);

      const promoted = await app.http
        .patch(`/api/admin/users/${user.id}`)
        .set(bearer(admin))
        .send({ role: 'editor' })
        .expect(200);
      expect(promoted.body.user.role).toBe('editor');
      const me = await app.http.get('/api/auth/me').set(bearer(user)).expect(200);
      expect(me.body.user.role).toBe('editor');

      await app.http
        .patch(`/api/admin/users/${user.id}`)
        .set(bearer(admin))
        .send({ active: false })
        .expect(200);
      expectError(await app.http.get('/api/auth/me').set(bearer(user)), 401, 'UNAUTHENTICATED');
      expectError(
        await app.http.get('/api/auth/me').set(bearer(token.body.secret)),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await app.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }),
        401,
        'INVALID_CREDENTIALS',
      );

      const users = await app.http.get('/api/admin/users').set(bearer(admin)).expect(200);
      expect(users.body.users.find((u: { id: string }) => u.id === user.id)).toMatchObject({
        active: false,
        role: 'editor',
      });
    });

    it('refuses bad admin input and keeps the last admin', async () => {
      const admin = await createUser(app, 'admin');
      expectError(
        await app.http
          .patch('/api/admin/users/not-a-uuid')
          .set(bearer(admin))
          .send({ role: 'viewer' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch('/api/admin/users/00000000-0000-4000-8000-000000000000')
          .set(bearer(admin))
          .send({ role: 'viewer' }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.patch(`/api/admin/users/${admin.id}`).set(bearer(admin)).send({}),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http
          .patch(`/api/admin/users/${admin.id}`)
          .set(bearer(admin))
          .send({ active: false }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('roles', () => {
    const routes: Array<{
      method: 'get' | 'post' | 'patch' | 'delete';
      path: string;
      body?: object;
      needs: string;
    }> = [
      { method: 'get', path: '/api/auth/me', needs: 'viewer' },
      { method: 'get', path: '/api/auth/tokens', needs: 'viewer' },
      { method: 'get', path: '/api/admin/users', needs: 'admin' },
      { method: 'get', path: '/api/admin/invites', needs: 'admin' },
      {
        method: 'post',
        path: '/api/admin/invites',
        body: { email: 'matrix@example.com', role: 'viewer' },
        needs: 'admin',
      },
      {
        method: 'patch',
        path: '/api/admin/users/00000000-0000-4000-8000-000000000000',
        body: { role: 'viewer' },
        needs: 'admin',
      },
    ];
    const order = ['viewer', 'member', 'editor', 'admin'] as const;

    it.each(order)(
      'gives a %s exactly the routes of their role (403 above it, 401 without sign-in)',
      async (role) => {
        const user = await createUser(app, role);
        for (const route of routes) {
          const allowed =
            order.indexOf(role) >= order.indexOf(route.needs as (typeof order)[number]);
          const response = await app.http[route.method](route.path)
            .set(bearer(user))
            .send(route.body);
          if (allowed) expect([200, 201, 404]).toContain(response.status);
          else expectError(response, 403, 'FORBIDDEN');
          expectError(
            await app.http[route.method](route.path).send(route.body),
            401,
            'UNAUTHENTICATED',
          );
        }
      },
    );
  });
});

async function pollStatus(
  send: () => PromiseLike<{ status: number }>,
  wanted: number,
  timeoutMs = 3_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await send()).status;
    if (status === wanted) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return status;
}

describe('Sign-in rate limit per address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an address exceeds the limit', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expectError(
        await app.http
          .post('/api/auth/login')
          .send({ email: `x${attempt}@example.com`, password: 'x' }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await app.http
      .post('/api/auth/login')
      .send({ email: 'y@example.com', password: 'x' });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Reads are not limited.
    await app.http.get('/api/auth/setup').expect(200);
  });
});
