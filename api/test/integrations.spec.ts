import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, randomUUID, type TestApp } from './support/test-app.js';

describe('Inbound integrations (admin)', () => {
  let app: TestApp;
  let admin: TestUser;
  let others: TestUser[];
  let group: string;

  beforeAll(async () => {
    app = await createTestApp({
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_MAIL_DOMAIN: 'Inbound.Example.test',
      PUBLIC_URL: 'https://briefroom.example.test',
    });
    admin = await createUser(app, 'admin');
    others = [
      await createUser(app, 'editor'),
      await createUser(app, 'member'),
      await createUser(app, 'viewer'),
    ];
    const created = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name: 'Leadership' })
      .expect(201);
    group = created.body.group.id as string;
  });
  afterAll(async () => {
    await app.close();
  });

  async function stored(): Promise<Array<Record<string, unknown>>> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return (await client.query('SELECT * FROM inbound_integration ORDER BY created_at')).rows;
    } finally {
      await client.end();
    }
  }

  const create = (body: object, user: TestUser = admin) =>
    app.http.post('/api/integrations').set(bearer(user)).send(body);

  it('creates an integration and shows its address and secret once', async () => {
    const response = await create({ name: ' Platform Weekly ', series: 'Platform Weekly' }).expect(
      201,
    );
    const { integration, emailAddress, webhookSecret } = response.body;
    expect(emailAddress).toMatch(/^briefings\+[0-9a-f]{40}@inbound\.example\.test$/);
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(integration).toEqual({
      id: expect.any(String),
      name: 'Platform Weekly',
      series: 'Platform Weekly',
      visibility: 'team',
      groupIds: [],
      webhookUrl: `https://briefroom.example.test/api/hooks/briefings?integration=${integration.id}`,
      createdBy: { id: admin.id, displayName: expect.any(String) },
      createdAt: expect.any(String),
      lastUsedAt: null,
      lastError: null,
      revokedAt: null,
    });

    const list = await app.http.get('/api/integrations').set(bearer(admin)).expect(200);
    expect(list.body.integrations).toContainEqual(integration);
    const listed = JSON.stringify(list.body);
    expect(listed).not.toContain(webhookSecret);
    expect(listed).not.toContain(emailAddress.split('@')[0].slice('briefings+'.length));

    // Only the token's hash is kept: the address cannot be read back from the database.
    const row = (await stored()).find((r) => r.id === integration.id);
    expect(JSON.stringify(row)).not.toContain(
      emailAddress.split('@')[0].slice('briefings+'.length),
    );
  });

  it('keeps a restricted integration’s groups', async () => {
    const response = await create({
      name: 'Board notes',
      series: 'Board',
      visibility: 'restricted',
      groupIds: [group, group],
    }).expect(201);
    expect(response.body.integration).toMatchObject({
      visibility: 'restricted',
      groupIds: [group],
    });
  });

  it('rotates the secret and the address, each shown once', async () => {
    const created = (await create({ name: 'Rotating', series: 'Rotating' }).expect(201)).body;
    const id = created.integration.id as string;
    const secret = await app.http
      .post(`/api/integrations/${id}/secret`)
      .set(bearer(admin))
      .expect(200);
    expect(secret.body.webhookSecret).toMatch(/^whsec_/);
    expect(secret.body.webhookSecret).not.toBe(created.webhookSecret);
    expect(secret.body.integration.id).toBe(id);
    const address = await app.http
      .post(`/api/integrations/${id}/address`)
      .set(bearer(admin))
      .expect(200);
    expect(address.body.emailAddress).toMatch(/^briefings\+[0-9a-f]{40}@inbound\.example\.test$/);
    expect(address.body.emailAddress).not.toBe(created.emailAddress);
  });

  it('revokes an integration, which then lists as revoked and rotates no more', async () => {
    const id = (await create({ name: 'Short-lived', series: 'Gone' }).expect(201)).body.integration
      .id as string;
    await app.http.delete(`/api/integrations/${id}`).set(bearer(admin)).expect(204);
    await app.http.delete(`/api/integrations/${id}`).set(bearer(admin)).expect(204);
    const list = await app.http.get('/api/integrations').set(bearer(admin)).expect(200);
    const revoked = list.body.integrations.find((i: { id: string }) => i.id === id);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expectError(
      await app.http.post(`/api/integrations/${id}/secret`).set(bearer(admin)),
      409,
      'CONFLICT',
    );
    expectError(
      await app.http.post(`/api/integrations/${id}/address`).set(bearer(admin)),
      409,
      'CONFLICT',
    );
  });

  it('answers 404 for an integration that does not exist', async () => {
    const id = randomUUID();
    for (const call of [
      app.http.post(`/api/integrations/${id}/secret`),
      app.http.post(`/api/integrations/${id}/address`),
      app.http.delete(`/api/integrations/${id}`),
    ]) {
      expectError(await call.set(bearer(admin)), 404, 'NOT_FOUND');
    }
  });

  it('is for admins only', async () => {
    const before = (await stored()).length;
    const id = (await create({ name: 'Guarded', series: 'Guarded' }).expect(201)).body.integration
      .id as string;
    for (const user of others) {
      for (const call of [
        app.http.get('/api/integrations'),
        app.http.post('/api/integrations').send({ name: 'Mine', series: 'Mine' }),
        app.http.post(`/api/integrations/${id}/secret`),
        app.http.post(`/api/integrations/${id}/address`),
        app.http.delete(`/api/integrations/${id}`),
      ]) {
        expectError(await call.set(bearer(user)), 403, 'FORBIDDEN');
      }
    }
    expectError(await app.http.get('/api/integrations'), 401, 'UNAUTHENTICATED');
    expectError(
      await app.http.post('/api/integrations').send({ name: 'Anon', series: 'Anon' }),
      401,
      'UNAUTHENTICATED',
    );
    const after = await stored();
    expect(after).toHaveLength(before + 1);
    expect(after.find((row) => row.id === id)?.revoked_at).toBeNull();
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const before = (await stored()).length;
    for (const body of [
      {},
      { name: 'No series' },
      { series: 'No name' },
      { name: '   ', series: 'Blank' },
      { name: 'x'.repeat(81), series: 'Long' },
      { name: 'Long series', series: 'x'.repeat(201) },
      { name: 'Odd', series: 'Odd', visibility: 'everyone' },
      { name: 'Bad groups', series: 'Odd', visibility: 'restricted', groupIds: ['nope'] },
      { name: 'No groups', series: 'Odd', visibility: 'restricted' },
      { name: 'Ghost group', series: 'Odd', visibility: 'restricted', groupIds: [randomUUID()] },
      { name: 42, series: 'Typed' },
    ]) {
      expectError(await create(body), 400, 'VALIDATION_FAILED');
    }
    expectError(
      await app.http.post('/api/integrations/not-a-uuid/secret').set(bearer(admin)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await app.http
        .post('/api/integrations')
        .set(bearer(admin))
        .set('content-type', 'text/plain')
        .send('name=x'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await stored()).toHaveLength(before);
  });
});
