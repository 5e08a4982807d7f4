import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { signWebhook, newWebhookSecret } from '../src/inbound/standard-webhook.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, randomUUID, type TestApp } from './support/test-app.js';

const canonical = readFileSync(
  join(__dirname, 'fixtures/briefings/canonical-2026-05-05.json'),
  'utf8',
);

interface Integration {
  id: string;
  secret: string;
}

describe('Signed inbound webhook', () => {
  let app: TestApp;
  let admin: TestUser;
  let partner: Integration;
  let board: Integration;
  let group: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUser(app, 'admin');
    group = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group.id as string;
    partner = await integration({ name: 'Partner', series: 'Partner Digest' });
    board = await integration({
      name: 'Board',
      series: 'Board Notes',
      visibility: 'restricted',
      groupIds: [group],
    });
  });
  afterAll(async () => {
    await app.close();
  });

  async function integration(body: object): Promise<Integration> {
    const created = await app.http
      .post('/api/integrations')
      .set(bearer(admin))
      .send(body)
      .expect(201);
    return { id: created.body.integration.id, secret: created.body.webhookSecret };
  }

  async function briefingCount(): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) FROM briefing')).rows[0].count);
    } finally {
      await client.end();
    }
  }

  /** Posts `payload` exactly as signed, unless the test changes something on the way. */
  function deliver(
    target: Integration,
    payload: Buffer | string,
    contentType: string,
    options: {
      secret?: string;
      at?: Date;
      headers?: Record<string, string | undefined>;
      sent?: Buffer | string;
      query?: string;
    } = {},
  ) {
    const signed = signWebhook(options.secret ?? target.secret, {
      id: `msg_${randomUUID()}`,
      timestamp: options.at ?? new Date(),
      payload,
    });
    const request = app.http
      .post(`/api/hooks/briefings${options.query ?? `?integration=${target.id}`}`)
      .set('content-type', contentType);
    for (const [name, value] of Object.entries({ ...signed, ...options.headers })) {
      if (value !== undefined) void request.set(name, value);
    }
    return request.send(
      Buffer.isBuffer(options.sent ?? payload)
        ? (options.sent ?? payload)
        : String(options.sent ?? payload),
    );
  }

  it('imports a signed text document into the integration’s series, as the operator', async () => {
    const response = await deliver(partner, sampleOn(uniqueDate()), 'text/plain').expect(201);
    expect(response.body).toMatchObject({ series: 'Partner Digest', visibility: 'team' });
    expect(response.body.sections.length).toBeGreaterThan(0);
    const list = await app.http.get('/api/integrations').set(bearer(admin)).expect(200);
    expect(list.body.integrations.find((i: { id: string }) => i.id === partner.id)).toMatchObject({
      lastUsedAt: expect.any(String),
      lastError: null,
    });
  });

  it('takes every import body: canonical JSON, {content, format}, and raw bytes in their charset', async () => {
    const json = await deliver(partner, canonical, 'application/json').expect(201);
    expect(json.body).toMatchObject({ title: 'Daily Sync: May 5, 2026', series: 'Partner Digest' });

    const wrapped = JSON.stringify({ content: sampleOn(uniqueDate()), format: 'text' });
    const fromJson = await deliver(partner, wrapped, 'application/json; charset=utf-8').expect(201);
    expect(fromJson.body.series).toBe('Partner Digest');

    // Signed as Latin-1 bytes: verified over those bytes, then decoded by the declared charset.
    const latin1 = Buffer.from(
      '<html><head><title>Café Résumé: May 9, 2026</title></head><body><h2>Tech News</h2><ul><li><strong>Crème brûlée ships</strong> A dessert for all.</li></ul></body></html>',
      'latin1',
    );
    const page = await deliver(partner, latin1, 'text/html; charset=iso-8859-1').expect(201);
    expect(page.body.title).toBe('Café Résumé: May 9, 2026');
  });

  it('re-imports the same document in place (200, same id)', async () => {
    const document = sampleOn(uniqueDate());
    const first = await deliver(partner, document, 'text/plain').expect(201);
    const again = await deliver(partner, document, 'text/plain').expect(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('shares a restricted integration’s briefings with its groups only', async () => {
    const response = await deliver(board, sampleOn(uniqueDate()), 'text/plain').expect(201);
    expect(response.body).toMatchObject({ series: 'Board Notes', visibility: 'restricted' });
    const editor = await createUser(app, 'editor');
    expectError(
      await app.http.get(`/api/briefings/${response.body.id}`).set(bearer(editor)),
      404,
      'NOT_FOUND',
    );
  });

  it('answers 401 and stores nothing for every delivery it cannot authenticate', async () => {
    const revoked = await integration({ name: 'Old', series: 'Old' });
    await app.http.delete(`/api/integrations/${revoked.id}`).set(bearer(admin)).expect(204);
    const before = await briefingCount();
    const document = () => sampleOn(uniqueDate());
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    const cases = {
      'another secret': deliver(partner, document(), 'text/plain', { secret: newWebhookSecret() }),
      'another integration’s secret': deliver(partner, document(), 'text/plain', {
        secret: board.secret,
      }),
      'a changed body': deliver(partner, document(), 'text/plain', { sent: document() }),
      'a stale timestamp': deliver(partner, document(), 'text/plain', { at: minutes(-6) }),
      'a future timestamp': deliver(partner, document(), 'text/plain', { at: minutes(6) }),
      'a changed timestamp': deliver(partner, document(), 'text/plain', {
        headers: { 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 1) },
      }),
      'no signature': deliver(partner, document(), 'text/plain', {
        headers: { 'webhook-signature': undefined },
      }),
      'no id': deliver(partner, document(), 'text/plain', { headers: { 'webhook-id': undefined } }),
      'no timestamp': deliver(partner, document(), 'text/plain', {
        headers: { 'webhook-timestamp': undefined },
      }),
      'a revoked integration': deliver(revoked, document(), 'text/plain'),
      'an unknown integration': deliver(
        { id: randomUUID(), secret: partner.secret },
        document(),
        'text/plain',
      ),
      'a malformed integration id': deliver(partner, document(), 'text/plain', {
        query: '?integration=nope',
      }),
      'no integration id': deliver(partner, document(), 'text/plain', { query: '' }),
      'a JSON body re-serialised': deliver(partner, canonical, 'application/json', {
        sent: JSON.stringify(JSON.parse(canonical)),
      }),
    };
    for (const [name, call] of Object.entries(cases)) {
      const response = await call;
      expect({ name, status: response.status, code: response.body.error?.code }).toEqual({
        name,
        status: 401,
        code: 'INVALID_CREDENTIALS',
      });
    }
    expect(await briefingCount()).toBe(before);
  });

  it('says why a signature failed', async () => {
    const stale = await deliver(partner, sampleOn(uniqueDate()), 'text/plain', {
      at: new Date(Date.now() - 10 * 60_000),
    });
    expectError(stale, 401, 'INVALID_CREDENTIALS');
    expect(stale.body.error.message).toMatch(/more than 5 minutes old/);
  });

  it('answers a signed but bad body with a 4xx in the contract shape and stores nothing', async () => {
    const before = await briefingCount();
    expectError(await deliver(partner, '{"content": ', 'application/json'), 400, 'BAD_REQUEST');
    expectError(
      await deliver(partner, '%PDF-1.4 binary', 'application/pdf'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const unreadable = await deliver(partner, '   \n\n  ', 'text/plain');
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.error.code).toBe('UNPARSEABLE_BRIEFING');
    expectError(
      await deliver(partner, JSON.stringify({ content: 42 }), 'application/json'),
      400,
      'VALIDATION_FAILED',
    );
    expect(await briefingCount()).toBe(before);
    const list = await app.http.get('/api/integrations').set(bearer(admin)).expect(200);
    expect(
      list.body.integrations.find((i: { id: string }) => i.id === partner.id).lastError,
    ).toEqual(expect.any(String));
  });
});
