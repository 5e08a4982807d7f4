import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import { Access } from '../src/auth/access.decorator.js';
import { bearer, createUser, expectError, PASSWORD } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('Operations surface', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ METRICS_TOKEN: 'scrape-secret' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports health with the database and the real Meilisearch up', async () => {
    await app.http.get('/api/health').expect(200, { status: 'ok', db: 'up', search: 'up' });
  });

  it('declares an access policy on every route', () => {
    const reflector = app.server.app.get(Reflector);
    const routes: string[] = [];
    const missing: string[] = [];
    for (const module of app.server.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!controller) continue;
        const prototype = controller.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (
            name === 'constructor' ||
            typeof handler !== 'function' ||
            Reflect.getMetadata(METHOD_METADATA, handler) === undefined
          )
            continue;
          const route = `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, handler))}`;
          routes.push(route);
          if (!reflector.getAllAndOverride(Access, [handler, controller])) missing.push(route);
        }
      }
    }
    expect(routes.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('tags every response with a correlation id, reusing a sane incoming one', async () => {
    const generated = await app.http.get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await app.http.get('/api/auth/me').set('X-Request-Id', 'trace-123');
    expect(given.headers['x-request-id']).toBe('trace-123');
    expectError(given, 401, 'UNAUTHENTICATED');
    const hostile = await app.http.get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(hostile.headers['x-request-id']).not.toContain(' ');
  });

  it('sends strict security headers on API responses', async () => {
    const response = await app.http.get('/api/health');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers unknown routes, wrong types and oversized bodies in the contract shape', async () => {
    expectError(await app.http.get('/api/no-such-route'), 404, 'NOT_FOUND');
    expectError(
      await app.http.post('/api/auth/login').set('Content-Type', 'application/xml').send('<a/>'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(4 * 1024 * 1024) });
    expectError(
      await app.http.post('/api/auth/login').set('Content-Type', 'application/json').send(huge),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('serves Prometheus metrics behind METRICS_TOKEN', async () => {
    expectError(await app.http.get('/api/metrics'), 401, 'UNAUTHENTICATED');
    const metrics = await app.http.get('/api/metrics').set(bearer('scrape-secret')).expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toContain('briefroom_http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(/route="\/api\/health"/);
  });

  it('publishes OpenAPI at /api/openapi.json and its UI at /api/docs', async () => {
    const spec = await app.http.get('/api/openapi.json').expect(200);
    expect(spec.body.info.title).toBe('Briefroom API');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/me',
        '/api/admin/users/{id}',
        '/api/health',
      ]),
    );
    const docs = await app.http.get('/api/docs').expect(200);
    expect(docs.text).toContain('swagger-ui');
  });

  describe('socket.io handshake', () => {
    const sockets: Socket[] = [];
    afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

    const connect = (
      options: Parameters<typeof io>[1],
    ): Promise<{ connected: boolean; error?: string }> =>
      new Promise((resolve) => {
        const socket = io(app.baseUrl, {
          path: '/socket.io',
          transports: ['websocket'],
          reconnection: false,
          ...options,
        });
        sockets.push(socket);
        socket.on('connect', () => resolve({ connected: true }));
        socket.on('connect_error', (error) => resolve({ connected: false, error: error.message }));
      });

    it('accepts a bearer token and refuses anonymous sockets', async () => {
      const user = await createUser(app, 'viewer');
      await expect(connect({ auth: { token: user.token } })).resolves.toEqual({ connected: true });
      await expect(connect({})).resolves.toEqual({ connected: false, error: 'UNAUTHENTICATED' });
      await expect(connect({ auth: { token: 'forged' } })).resolves.toEqual({
        connected: false,
        error: 'UNAUTHENTICATED',
      });
    });

    it('accepts the session cookie only from this origin', async () => {
      const user = await createUser(app, 'member', { email: 'socket-cookie@example.com' });
      const login = await app.http
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      const cookie = `briefroom_session=${login.body.token}`;
      await expect(
        connect({ extraHeaders: { Cookie: cookie, Origin: app.baseUrl } }),
      ).resolves.toEqual({ connected: true });
      await expect(
        connect({ extraHeaders: { Cookie: cookie, Origin: 'https://evil.example' } }),
      ).resolves.toEqual({
        connected: false,
        error: 'UNAUTHENTICATED',
      });
    });
  });
});

describe('Health without search', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ MEILI_URL: 'http://127.0.0.1:9', MEILI_MASTER_KEY: undefined });
  });
  afterAll(async () => {
    await app.close();
  });

  it('stays up and reports search as degraded when Meilisearch is unreachable', async () => {
    await app.http.get('/api/health').expect(200, { status: 'ok', db: 'up', search: 'degraded' });
  });
});
