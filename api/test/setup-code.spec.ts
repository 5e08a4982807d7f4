import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { startServer, type RunningServer } from '../src/server.js';
import request from 'supertest';
import { expectError, PASSWORD } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const FOUNDER = { email: 'founder@example.com', password: PASSWORD, displayName: 'Founder' };

async function query<T extends pg.QueryResultRow>(app: TestApp, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const codeRows = (app: TestApp) =>
  query<{ code_hash: string }>(app, 'SELECT code_hash FROM setup_code');
const userCount = async (app: TestApp) =>
  Number((await query<{ n: string }>(app, 'SELECT count(*) AS n FROM app_user'))[0].n);

describe('Safe first run (setup code)', () => {
  describe('on an empty database without ADMIN_EMAIL', () => {
    let app: TestApp;
    let replica: RunningServer;
    // A fresh first run for each test (codes, refusals and rate-limit counts are its state).
    beforeEach(async () => {
      app = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '8' });
      // A second replica on the same database: it prints its own code and accepts the first one's.
      replica = await startServer({ ...app.config, port: 0 });
    });
    afterEach(async () => {
      await replica.close();
      await app.close();
    });

    it('prints a 6×4 base32 code per process and stores only its hash', async () => {
      expect(app.server.setupCode).toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/);
      expect(replica.setupCode).toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/);
      expect(replica.setupCode).not.toBe(app.server.setupCode);
      const rows = await codeRows(app);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.code_hash).not.toContain(app.server.setupCode?.replaceAll('-', ''));
      }
      await app.http.get('/api/auth/setup').expect(200, { needsSetup: true });
    });

    it('refuses a missing, empty or wrong code and stores nothing', async () => {
      expectError(await app.http.post('/api/auth/signup').send(FOUNDER), 400, 'VALIDATION_FAILED');
      expectError(
        await app.http.post('/api/auth/signup').send({ ...FOUNDER, setupCode: '' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.post('/api/auth/signup').send({ ...FOUNDER, setupCode: ' - - ' }),
        403,
        'SETUP_CODE_INVALID',
      );
      expectError(
        await app.http
          .post('/api/auth/signup')
          .send({ ...FOUNDER, setupCode: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF' }),
        403,
        'SETUP_CODE_INVALID',
      );
      expect(await userCount(app)).toBe(0);
      expect(await codeRows(app)).toHaveLength(2);
      const refused = await query<{ action: string; details: { email: string } }>(
        app,
        `SELECT action, details FROM audit_event WHERE action = 'auth.setup.refused'`,
      );
      expect(refused.length).toBeGreaterThanOrEqual(2);
      expect(refused[0].details.email).toBe(FOUNDER.email);
    });

    it("accepts one replica's code on another, typed loosely, then every code dies", async () => {
      const typed = ` ${app.server.setupCode?.toLowerCase().replaceAll('-', ' ')} `;
      const created = await request(replica.app.getHttpServer())
        .post('/api/auth/signup')
        .send({ ...FOUNDER, setupCode: typed })
        .expect(201);
      expect(created.body.user).toMatchObject({ email: FOUNDER.email, role: 'admin' });
      expect(await codeRows(app)).toHaveLength(0);
      const completed = await query<{ actor_id: string }>(
        app,
        `SELECT actor_id FROM audit_event WHERE action = 'auth.setup.completed'`,
      );
      expect(completed).toEqual([{ actor_id: created.body.user.id }]);

      for (const setupCode of [app.server.setupCode, replica.setupCode]) {
        expectError(
          await app.http
            .post('/api/auth/signup')
            .send({ ...FOUNDER, email: 'second@example.com', setupCode }),
          403,
          'SIGNUP_CLOSED',
        );
      }
      await app.http.get('/api/auth/setup').expect(200, { needsSetup: false });
      expect(await userCount(app)).toBe(1);
    });

    it('rate-limits guesses per client', async () => {
      let limited: request.Response | undefined;
      for (let attempt = 0; attempt < 10 && !limited; attempt += 1) {
        const response = await app.http
          .post('/api/auth/signup')
          .send({ ...FOUNDER, setupCode: `WRONG-CODE-${attempt}` });
        if (response.status === 429) limited = response;
      }
      expect(limited).toBeDefined();
      expectError(limited as request.Response, 429, 'RATE_LIMITED');
    });
  });

  it('uses SETUP_CODE when it is set, and a restart keeps the stored code valid', async () => {
    const app = await createTestApp({ SETUP_CODE: 'test-setup-code-0001' });
    try {
      expect(app.server.setupCode).toBe('test-setup-code-0001');
      await app.server.close();
      const again = await startServer({ ...app.config, port: 0 });
      try {
        expect(await codeRows(app)).toHaveLength(1);
        await request(again.app.getHttpServer())
          .post('/api/auth/signup')
          .send({ ...FOUNDER, setupCode: 'TEST SETUP CODE 0001' })
          .expect(201);
      } finally {
        await again.close();
      }
    } finally {
      await app.close();
    }
  });

  it('prints no code and stores none when ADMIN_EMAIL created the first admin', async () => {
    const app = await createTestApp({
      ADMIN_EMAIL: 'boss@example.com',
      ADMIN_PASSWORD: 'a-long-password',
    });
    try {
      expect(app.server.setupCode).toBeUndefined();
      expect(await codeRows(app)).toHaveLength(0);
      await app.http.get('/api/auth/setup').expect(200, { needsSetup: false });
    } finally {
      await app.close();
    }
  });

  it('refuses a SETUP_CODE too short to be safe, naming the variable', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://localhost/x', SETUP_CODE: 'abc-123' }),
    ).toThrow(/SETUP_CODE must have at least 16/);
  });
});
