import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { PAGE_SERVER_HEADER, PAGE_SERVER_SECRET_ENV } from '../src/web/web-pages.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');
const json = { 'Content-Type': 'application/json' };

/** A raw HTTP exchange, for what supertest cannot send (undecodable paths, oversized headers). */
function rawRequest(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(baseUrl), { path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: JSON.parse(text),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('Hostile input', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let threadId: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    member = await createUser(app, 'member');
    const briefing = await app.http
      .post('/api/briefings/import')
      .set(bearer(editor))
      .set('Content-Type', 'text/plain')
      .send(sample)
      .expect(201);
    threadId = briefing.body.sections[0].discussion.threadId;
  });
  afterAll(async () => {
    await app.close();
  });

  describe('request size and shape, before validation', () => {
    it('refuses a login body with 100,000 unknown keys with a short 413', async () => {
      const keys = Object.fromEntries(
        Array.from({ length: 100_000 }, (_, index) => [`key${index}`, 1]),
      );
      const response = await app.http
        .post('/api/auth/login')
        .set(json)
        .send(JSON.stringify({ email: 'a@example.com', password: 'x', ...keys }));

      expectError(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(response.body.error.message).toMatch(/more than 100 keys/);
      expect(response.text.length).toBeLessThan(1_000);
    });

    it('names at most 20 fields, each briefly, when a body has many unknown keys', async () => {
      const keys = Object.fromEntries(
        Array.from({ length: 90 }, (_, index) => [`${'k'.repeat(150)}${index}`, 1]),
      );
      const response = await app.http
        .post('/api/auth/login')
        .send({ email: 'a@example.com', password: 'x', ...keys });

      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details).toHaveLength(20);
      expect(response.body.error.message).toMatch(/and 70 more\.$/);
      expect(response.text.length).toBeLessThan(12_000);
    });

    it('refuses JSON nested past any DTO with a 400, on anonymous and signed-in routes', async () => {
      const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      const anonymous = await app.http
        .post('/api/auth/login')
        .set(json)
        .send(`{"email":${deep},"password":"x"}`);
      expectError(anonymous, 400, 'VALIDATION_FAILED');
      expect(anonymous.body.error.details).toEqual([
        {
          field: 'body.email'.concat('[0]'.repeat(15)),
          problems: ['nested deeper than 16 levels'],
        },
      ]);
      expectError(
        await app.http
          .post(`/api/threads/${threadId}/comments`)
          .set(bearer(member))
          .set(json)
          .send(`{"body":"hi","parentId":${deep}}`),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('keeps the import route taking a whole document as JSON', async () => {
      const longSummary = `${'An unusually long summary sentence. '.repeat(5_000)}\n`;
      const content = sample.replace('\n\n', `\n\n${longSummary}\n`);
      expect(content.length).toBeGreaterThan(150_000);
      const response = await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .send({ content, format: 'text' });
      expect(response.status).toBe(200);
    });
  });

  describe('text PostgreSQL cannot store', () => {
    it('refuses NUL in a comment body, a query parameter and a search, naming the field', async () => {
      const comment = await app.http
        .post(`/api/threads/${threadId}/comments`)
        .set(bearer(member))
        .send({ body: 'before\u0000after' });
      expectError(comment, 400, 'VALIDATION_FAILED');
      expect(comment.body.error.details[0].field).toBe('body.body');

      const tag = await app.http.get('/api/briefings?tag=%00').set(bearer(member));
      expectError(tag, 400, 'VALIDATION_FAILED');
      expect(tag.body.error.details[0].field).toBe('query.tag');
      expectError(
        await app.http.get('/api/search?q=%00').set(bearer(member)),
        400,
        'VALIDATION_FAILED',
      );
      const page = await app.http.get(`/api/threads/${threadId}`).set(bearer(member)).expect(200);
      expect(page.body.comments).toEqual([]);
    });

    it('refuses a lone UTF-16 surrogate in a login email and in an action title', async () => {
      expectError(
        await app.http
          .post('/api/auth/login')
          .set(json)
          .send('{"email":"ada\\ud800@example.com","password":"x"}'),
        400,
        'VALIDATION_FAILED',
      );
      const action = await app.http
        .post('/api/actions')
        .set(bearer(member))
        .set(json)
        .send('{"title":"half \\udc00 a pair"}');
      expectError(action, 400, 'VALIDATION_FAILED');
      expect(action.body.error.details[0].field).toBe('body.title');
      // A whole pair is ordinary text.
      await app.http
        .post('/api/actions')
        .set(bearer(member))
        .set(json)
        .send('{"title":"rocket \\ud83d\\ude80"}')
        .expect(201);
    });
  });

  describe('null and malformed fields', () => {
    it('answers 400 to null where it means nothing, and keeps null clearing where it does', async () => {
      const created = await app.http
        .post('/api/actions')
        .set(bearer(editor))
        .send({ title: 'Renew the certificate', dueOn: '2026-07-01' })
        .expect(201);
      const path = `/api/actions/${created.body.id}`;
      for (const field of ['title', 'status', 'priority', 'description', 'links']) {
        expectError(
          await app.http
            .patch(path)
            .set(bearer(editor))
            .send({ [field]: null }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expectError(
        await app.http
          .patch(`/api/admin/users/${member.id}`)
          .set(bearer(admin))
          .send({ role: null }),
        400,
        'VALIDATION_FAILED',
      );
      const cleared = await app.http
        .patch(path)
        .set(bearer(editor))
        .send({ dueOn: null, ownerId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({
        title: 'Renew the certificate',
        dueOn: null,
        owner: null,
      });
    });

    it('answers 400 to links that are not link objects', async () => {
      for (const links of [[[[]]], [null], ['briefing'], [{ type: 'briefing', id: [] }]]) {
        expectError(
          await app.http.post('/api/actions').set(bearer(editor)).send({ title: 'x', links }),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('answers 400 to an integer query parameter past what the database holds', async () => {
      expectError(
        await app.http
          .get(`/api/threads/${threadId}?afterSeq=99999999999999999999`)
          .set(bearer(member)),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('errors raised before the application sees the request', () => {
    it('answers an undecodable path with the contract shape', async () => {
      const response = await rawRequest(app.baseUrl, '/api/briefings/%FF');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: { code: 'BAD_REQUEST', message: expect.any(String) },
      });
    });

    it('answers oversized headers with a 431 in the contract shape', async () => {
      const response = await rawRequest(app.baseUrl, '/api/health', {
        'x-big': 'a'.repeat(20_000),
      });
      expect(response.status).toBe(431);
      expect(response.body).toEqual({
        error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) },
      });
    });
  });

  describe('sign-in', () => {
    it('refuses a login whose only browser header, Referer, is another site', async () => {
      expectError(
        await app.http
          .post('/api/auth/login')
          .set('Referer', 'https://evil.example/page')
          .send({ email: member.email, password: PASSWORD }),
        403,
        'CSRF_REJECTED',
      );
      await app.http
        .post('/api/auth/login')
        .set('Referer', `${app.baseUrl}/login`)
        .send({ email: member.email, password: PASSWORD })
        .expect(200);
    });

    it('tells caches to keep no API answer, the token-bearing login reply included', async () => {
      const login = await app.http
        .post('/api/auth/login')
        .send({ email: member.email, password: PASSWORD })
        .expect(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const error = await app.http.get('/api/auth/me');
      expect(error.headers['cache-control']).toBe('no-store');
    });
  });
});

describe('Forwarded client addresses', () => {
  // Each test counts from zero on an app of its own: the loopback caller's budget is shared.
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterEach(async () => {
    await app.close();
  });

  let attempts = 0;
  // A new account each time, so the per-account lock-out stays out of the per-address count.
  const login = (headers: Record<string, string>) =>
    app.http
      .post('/api/auth/login')
      .set(headers)
      .send({ email: `nobody${(attempts += 1)}@example.com`, password: 'x' });

  it('ignores X-Forwarded-For from a local caller that is not the page server', async () => {
    expectError(await login({ 'X-Forwarded-For': '198.51.100.1' }), 401, 'INVALID_CREDENTIALS');
    expectError(await login({ 'X-Forwarded-For': '198.51.100.2' }), 401, 'INVALID_CREDENTIALS');
    expectError(await login({ 'X-Forwarded-For': '198.51.100.3' }), 429, 'RATE_LIMITED');
  });

  it("counts the page server's requests per browser address it forwards", async () => {
    const secret = process.env[PAGE_SERVER_SECRET_ENV];
    expect(secret).toEqual(expect.any(String));
    const fromPages = (address: string) => ({
      'X-Forwarded-For': address,
      [PAGE_SERVER_HEADER]: secret as string,
    });
    expectError(await login(fromPages('203.0.113.1')), 401, 'INVALID_CREDENTIALS');
    expectError(await login(fromPages('203.0.113.1')), 401, 'INVALID_CREDENTIALS');
    expectError(await login(fromPages('203.0.113.1')), 429, 'RATE_LIMITED');
    expectError(await login(fromPages('203.0.113.2')), 401, 'INVALID_CREDENTIALS');
    // A guessed secret proves nothing: every such request counts against the loopback caller.
    const guessed = (address: string) =>
      login({ 'X-Forwarded-For': address, [PAGE_SERVER_HEADER]: 'guessed' });
    expectError(await guessed('203.0.113.7'), 401, 'INVALID_CREDENTIALS');
    expectError(await guessed('203.0.113.8'), 401, 'INVALID_CREDENTIALS');
    expectError(await guessed('203.0.113.9'), 429, 'RATE_LIMITED');
  });
});

describe('Database outage', () => {
  let app: TestApp;
  let user: TestUser;
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    app = await createTestApp();
    user = await createUser(app, 'member');
    database = new URL(app.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await admin.end();
    await app.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while PostgreSQL refuses, then recovers', async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );

    const responses = [
      await app.http.get('/api/briefings').set(bearer(user)),
      await app.http.post('/api/actions').set(bearer(user)).send({ title: 'During the outage' }),
      await app.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }),
    ];
    for (const response of responses) {
      expectError(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
    }

    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await app.http.get('/api/briefings').set(bearer(user)).expect(200);
    const actions = await app.http.get('/api/actions').set(bearer(user)).expect(200);
    expect(JSON.stringify(actions.body)).not.toContain('During the outage');
  });
});
