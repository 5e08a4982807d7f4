import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every creating route is safe to retry with an Idempotency-Key (comments have their own spec). */
describe('Idempotency-Key on creates', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;
  let keyCounter = 0;
  const newKey = () => `key-${Date.now()}-${(keyCounter += 1)}`;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    member = await createUser(app, 'member');
  });
  afterAll(async () => {
    await app.close();
  });

  /** An accepted decision, which can be superseded once. */
  async function acceptedDecision(): Promise<string> {
    const { id } = (
      await app.http
        .post('/api/decisions')
        .set(bearer(admin))
        .send({ title: 'Base decision', statement: 'We do X.' })
        .expect(201)
    ).body;
    await app.http
      .patch(`/api/decisions/${id}`)
      .set(bearer(admin))
      .send({ status: 'accepted' })
      .expect(200);
    return id;
  }

  async function count(table: string): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
      return rows[0].n;
    } finally {
      await client.end();
    }
  }

  const routes = [
    {
      name: 'POST /api/actions',
      table: 'action_item',
      path: async () => '/api/actions',
      body: (n: number) => ({ title: `Retry-safe action ${n}` }),
      id: (body: { id: string }) => body.id,
    },
    {
      name: 'POST /api/decisions',
      table: 'decision',
      path: async () => '/api/decisions',
      body: (n: number) => ({ title: `Retry-safe decision ${n}`, statement: 'We agree.' }),
      id: (body: { id: string }) => body.id,
    },
    {
      name: 'POST /api/decisions/:id/supersede',
      table: 'decision',
      path: async () => `/api/decisions/${await acceptedDecision()}/supersede`,
      body: (n: number) => ({ title: `Superseding ${n}`, statement: 'We do Y instead.' }),
      id: (body: { id: string }) => body.id,
    },
    {
      name: 'POST /api/saved-searches',
      table: 'saved_search',
      path: async () => '/api/saved-searches',
      body: (n: number) => ({ name: `Saved ${n}`, query: `energy ${n}` }),
      id: (body: { id: string }) => body.id,
    },
    {
      name: 'POST /api/admin/groups',
      table: 'user_group',
      path: async () => '/api/admin/groups',
      body: (n: number) => ({ name: `Group ${n}` }),
      id: (body: { group: { id: string } }) => body.group.id,
    },
  ];

  describe.each(routes)('$name', (route) => {
    let path: string;
    beforeEach(async () => {
      path = await route.path();
    });
    const send = (key: string | undefined, body: object, user = admin) => {
      const request = app.http.post(path).set(bearer(user));
      if (key !== undefined) request.set('Idempotency-Key', key);
      return request.send(body);
    };

    it('answers a retry with the first result and creates nothing more', async () => {
      const key = newKey();
      const before = await count(route.table);
      const first = await send(key, route.body(1)).expect(201);
      const again = await send(key, route.body(1)).expect(201);
      expect(route.id(again.body)).toBe(route.id(first.body));
      expect(again.body).toEqual(first.body);
      expect(await count(route.table)).toBe(before + 1);
    });

    it('creates once when the same request races itself', async () => {
      const key = newKey();
      const before = await count(route.table);
      const answers = await Promise.all(Array.from({ length: 5 }, () => send(key, route.body(2))));
      const created = answers.filter((answer) => answer.status === 201);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((answer) => route.id(answer.body))).size).toBe(1);
      for (const answer of answers.filter((a) => a.status !== 201))
        expectError(answer, 409, 'CONFLICT');
      expect(await count(route.table)).toBe(before + 1);
    });

    it('refuses the same key on a different request, and keys belong to their user', async () => {
      const key = newKey();
      await send(key, route.body(3)).expect(201);
      expectError(await send(key, route.body(4)), 409, 'IDEMPOTENCY_KEY_REUSED');
      // Another user's same key is their own (members may create actions, decisions and searches).
      if (
        ['action_item', 'saved_search'].includes(route.table) ||
        route.name === 'POST /api/decisions'
      )
        await send(key, route.body(3), member).expect(201);
    });

    it('lets a key whose request was refused be used again, and refuses a malformed key', async () => {
      const key = newKey();
      const before = await count(route.table);
      expectError(await send(key, { title: 42, name: 42 }), 400, 'VALIDATION_FAILED');
      expect(await count('idempotency_key WHERE key = ' + `'${key}'`)).toBe(0);
      await send(key, route.body(5)).expect(201);
      expect(await count(route.table)).toBe(before + 1);
      expectError(await send('spaces are not allowed', route.body(6)), 400, 'VALIDATION_FAILED');
      expectError(await send('x'.repeat(201), route.body(6)), 400, 'VALIDATION_FAILED');
      expect(await count(route.table)).toBe(before + 1);
    });
  });

  it('still needs the route’s role: a viewer’s keyed create is 403 and stores no key', async () => {
    const viewer = await createUser(app, 'viewer');
    const key = newKey();
    expectError(
      await app.http
        .post('/api/actions')
        .set(bearer(viewer))
        .set('Idempotency-Key', key)
        .send({ title: 'Not allowed' }),
      403,
      'FORBIDDEN',
    );
    expect(await count(`idempotency_key WHERE key = '${key}'`)).toBe(0);
  });
});
