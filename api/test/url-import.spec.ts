import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import {
  redirectTo,
  serve,
  startLocalWebServer,
  type LocalWebServer,
} from './support/local-web-server.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/briefings', name));

describe('POST /api/briefings/import-url', () => {
  let site: LocalWebServer;
  let internal: LocalWebServer;
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let member: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    site = await startLocalWebServer();
    internal = await startLocalWebServer();
    // Only `site` is allowlisted: `internal` stands for an internal service on the same host.
    app = await createTestApp({ OUTBOUND_ALLOWLIST: site.hostPort });
    [admin, editor, member, viewer] = await Promise.all([
      createUser(app, 'admin'),
      createUser(app, 'editor'),
      createUser(app, 'member'),
      createUser(app, 'viewer'),
    ]);
  });

  afterAll(async () => {
    await app.close();
    await site.close();
    await internal.close();
  });

  beforeEach(() => {
    site.requests.length = 0;
    internal.requests.length = 0;
  });

  async function briefingCount(): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) FROM briefing')).rows[0].count);
    } finally {
      await client.end();
    }
  }

  const importUrl = (user: TestUser, body: object) =>
    app.http.post('/api/briefings/import-url').set(bearer(user)).send(body);

  describe('an editor', () => {
    it('imports a page as a new briefing (201), then updates it in place (200)', async () => {
      const date = uniqueDate();
      site.route('/daily', serve(sampleOn(date), 'text/plain; charset=utf-8'));

      const first = await importUrl(editor, { url: site.url('/daily') }).expect(201);
      const again = await importUrl(editor, { url: site.url('/daily') }).expect(200);

      expect(first.body).toMatchObject({ title: `Daily Sync: ${date}`, visibility: 'team' });
      expect(first.body.sections.length).toBeGreaterThan(1);
      expect(again.body.id).toBe(first.body.id);
      expect(site.requests[0]?.headers.accept).toContain('text/html');
    });

    it('imports an HTML page after redirects, its relative links resolved against the final URL', async () => {
      // The saved page with its news link made site-relative, and without a canonical URL to resolve against.
      const page = fixture('saved-page-2026-05-06.html')
        .toString('utf8')
        .replace(/<link rel="canonical"[^>]*>/, '')
        .replace('https://news.example.com/merger', '/news/merger');
      site.route('/old-page', redirectTo('/pages/saved', 301));
      site.route('/pages/saved', serve(page, 'text/html; charset=utf-8'));

      const response = await importUrl(editor, { url: site.url('/old-page') });

      expect(response.status).toBeLessThan(300);
      const links = (response.body.sections as Array<{ items: Array<{ url: string | null }> }>)
        .flatMap((section) => section.items.map((item) => item.url))
        .filter((url) => url !== null);
      expect(links).toContain(site.url('/news/merger'));
    });

    it('imports every entry of a feed, gzip-encoded, as {briefings}', async () => {
      site.route(
        '/feed.xml',
        serve(zlib.gzipSync(fixture('briefings.rss.xml')), 'application/rss+xml', {
          'content-encoding': 'gzip',
        }),
      );

      const response = await importUrl(editor, { url: site.url('/feed.xml') });

      expect(response.status).toBeLessThan(300);
      expect(response.body.briefings.length).toBeGreaterThan(1);
    });

    it('decodes a page by the charset it declares', async () => {
      const date = uniqueDate();
      const text = sampleOn(date).replace('Daily Sync', 'Café Résumé');
      site.route('/latin1', serve(Buffer.from(text, 'latin1'), 'text/plain; charset=iso-8859-1'));

      const response = await importUrl(editor, { url: site.url('/latin1') }).expect(201);

      expect(response.body.title).toBe(`Café Résumé: ${date}`);
    });

    it('restricts the briefing to the groups named', async () => {
      const group = await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'URL importers' })
        .expect(201);
      await app.http
        .put(`/api/admin/groups/${group.body.group.id}/members`)
        .set(bearer(admin))
        .send({ userIds: [editor.id] })
        .expect(200);
      site.route('/restricted', serve(sampleOn(uniqueDate()), 'text/plain'));

      const response = await importUrl(editor, {
        url: site.url('/restricted'),
        visibility: 'restricted',
        groupIds: [group.body.group.id],
      }).expect(201);

      expect(response.body.visibility).toBe('restricted');
      expect(response.body.groups.map((g: { id: string }) => g.id)).toEqual([group.body.group.id]);
      await app.http.get(`/api/briefings/${response.body.id}`).set(bearer(viewer)).expect(404);
    });
  });

  describe('access', () => {
    it('is refused to members, viewers and the signed-out, fetching nothing', async () => {
      site.route('/daily-denied', serve(sampleOn(uniqueDate()), 'text/plain'));
      const before = await briefingCount();

      expectError(await importUrl(member, { url: site.url('/daily-denied') }), 403, 'FORBIDDEN');
      expectError(await importUrl(viewer, { url: site.url('/daily-denied') }), 403, 'FORBIDDEN');
      expectError(
        await app.http.post('/api/briefings/import-url').send({ url: site.url('/daily-denied') }),
        401,
        'UNAUTHENTICATED',
      );

      expect(site.requests).toHaveLength(0);
      expect(await briefingCount()).toBe(before);
    });
  });

  describe('bad input', () => {
    it('answers 400 for a missing or malformed url and unknown fields', async () => {
      expectError(await importUrl(editor, {}), 400, 'VALIDATION_FAILED');
      expectError(await importUrl(editor, { url: 'not a url' }), 400, 'VALIDATION_FAILED');
      expectError(await importUrl(editor, { url: 42 }), 400, 'VALIDATION_FAILED');
      expectError(
        await importUrl(editor, { url: site.url('/x'), visibility: 'everyone' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await importUrl(editor, { url: site.url('/x'), extra: true }),
        400,
        'VALIDATION_FAILED',
      );
      expect(site.requests).toHaveLength(0);
    });

    it('refuses loopback, IPv6 loopback, metadata, private names and other schemes with 422 URL_NOT_ALLOWED', async () => {
      internal.route('/secret', serve(sampleOn(uniqueDate()), 'text/plain'));
      const before = await briefingCount();

      for (const url of [
        internal.url('/secret'),
        `http://127.0.0.1/`,
        `http://[::1]:${internal.port}/secret`,
        'http://169.254.169.254/latest/meta-data',
        `http://localhost:${internal.port}/secret`,
        'file:///etc/passwd',
        'ftp://example.com/briefing.txt',
      ]) {
        const response = await importUrl(editor, { url });
        expectError(response, 422, 'URL_NOT_ALLOWED');
      }

      expect(internal.requests).toHaveLength(0);
      expect(await briefingCount()).toBe(before);
    });

    it('refuses a redirect from an allowlisted server to an internal one', async () => {
      internal.route('/secret', serve(sampleOn(uniqueDate()), 'text/plain'));
      site.route('/bounce', redirectTo(internal.url('/secret')));
      site.route('/bounce-metadata', redirectTo('http://169.254.169.254/latest/meta-data'));

      expectError(await importUrl(editor, { url: site.url('/bounce') }), 422, 'URL_NOT_ALLOWED');
      expectError(
        await importUrl(editor, { url: site.url('/bounce-metadata') }),
        422,
        'URL_NOT_ALLOWED',
      );
      expect(internal.requests).toHaveLength(0);
    });

    it('answers 415 for a type it does not import, 413 past 2 MB, 422 for upstream errors and loops', async () => {
      site.route('/image.png', serve(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'));
      site.route('/huge', serve(Buffer.alloc(2 * 1024 * 1024 + 1, 'a'), 'text/plain'));
      site.route(
        '/bomb',
        serve(zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 1 }), 'text/html', {
          'content-encoding': 'gzip',
        }),
      );
      site.route('/missing', (_request, response) => response.writeHead(404).end());
      site.route('/loop', redirectTo('/loop'));
      const before = await briefingCount();

      expectError(
        await importUrl(editor, { url: site.url('/image.png') }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(await importUrl(editor, { url: site.url('/huge') }), 413, 'PAYLOAD_TOO_LARGE');
      expectError(await importUrl(editor, { url: site.url('/bomb') }), 413, 'PAYLOAD_TOO_LARGE');
      const missing = await importUrl(editor, { url: site.url('/missing') });
      expectError(missing, 422, 'URL_FETCH_FAILED');
      expect(missing.body.error.details).toEqual({ reason: 'http_status', status: 404 });
      const loop = await importUrl(editor, { url: site.url('/loop') });
      expectError(loop, 422, 'URL_FETCH_FAILED');
      expect(loop.body.error.details).toMatchObject({ reason: 'too_many_redirects' });

      expect(await briefingCount()).toBe(before);
    });

    it('answers 422 for a page without readable text and for JSON that does not parse', async () => {
      site.route('/empty', serve('<html><body></body></html>', 'text/html'));
      site.route('/broken.json', serve('{"content": ', 'application/json'));
      const before = await briefingCount();

      expectError(
        await importUrl(editor, { url: site.url('/empty') }),
        422,
        'UNPARSEABLE_BRIEFING',
      );
      expectError(
        await importUrl(editor, { url: site.url('/broken.json') }),
        422,
        'UNPARSEABLE_BRIEFING',
      );
      expect(await briefingCount()).toBe(before);
    });

    it('imports a canonical briefing served as JSON', async () => {
      site.route(
        '/canonical.json',
        serve(fixture('canonical-2026-05-05.json'), 'application/json'),
      );

      const response = await importUrl(editor, { url: site.url('/canonical.json') });

      expect(response.status).toBeLessThan(300);
      expect(response.body.id).toEqual(expect.any(String));
    });
  });
});
