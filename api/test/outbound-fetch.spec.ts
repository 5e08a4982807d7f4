import { createServer } from 'node:net';
import zlib from 'node:zlib';
import type { LookupAddress } from 'node:dns';
import { OutboundError } from '../src/outbound/outbound-error.js';
import { OutboundFetcher, type OutboundRequest } from '../src/outbound/outbound-fetcher.js';
import { OutboundGuard, type Resolver } from '../src/outbound/outbound-guard.js';
import {
  redirectTo,
  serve,
  startLocalWebServer,
  type LocalWebServer,
} from './support/local-web-server.js';

const HTML = '<!doctype html><title>Hello</title><h1>Hello</h1>';
const IMPORTABLE = ['text/html', 'text/plain', 'application/rss+xml'];

/** Names tests map to addresses; anything else resolves as the system says. */
function resolverWith(names: Record<string, string[] | (() => string[])>): Resolver {
  return async (hostname) => {
    const entry = names[hostname];
    if (!entry) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address): LookupAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => {
      throw new Error('the request succeeded');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe(OutboundFetcher.name, () => {
  let site: LocalWebServer;
  let other: LocalWebServer;
  let sut: OutboundFetcher;
  let closed: OutboundFetcher[];

  const fetcherWith = (allowlist: string[], resolver?: Resolver) => {
    const fetcher = new OutboundFetcher(new OutboundGuard(allowlist, resolver), 'Briefroom-test');
    closed.push(fetcher);
    return fetcher;
  };
  const get = (path: string, options: OutboundRequest = {}) =>
    sut.fetch(site.url(path), { accept: IMPORTABLE, ...options });

  beforeAll(async () => {
    site = await startLocalWebServer();
    other = await startLocalWebServer();
  });

  beforeEach(() => {
    closed = [];
    sut = fetcherWith([site.hostPort]);
    site.requests.length = 0;
    other.requests.length = 0;
  });

  afterEach(async () => {
    await Promise.all(closed.map((fetcher) => fetcher.onModuleDestroy()));
  });

  afterAll(async () => {
    await site.close();
    await other.close();
  });

  describe('an allowlisted server', () => {
    it('answers the bytes, type, final URL and validators of the document', async () => {
      site.route(
        '/page',
        serve(HTML, 'text/html; charset=utf-8', {
          etag: '"v1"',
          'last-modified': 'Wed, 06 May 2026 10:00:00 GMT',
        }),
      );

      const answer = await get('/page');

      expect(answer).toEqual({
        status: 200,
        bytes: Buffer.from(HTML),
        contentType: 'text/html; charset=utf-8',
        finalUrl: site.url('/page'),
        etag: '"v1"',
        lastModified: 'Wed, 06 May 2026 10:00:00 GMT',
      });
      expect(site.requests[0]?.headers['user-agent']).toBe('Briefroom-test');
    });

    it('sends the validators it is given and reports 304 with no body when nothing changed', async () => {
      site.route('/feed', (request, response) => {
        if (request.headers['if-none-match'] === '"v1"') return response.writeHead(304).end();
        response
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
          .end('<rss/>');
      });

      const first = await get('/feed');
      const second = await get('/feed', {
        etag: first.etag,
        lastModified: 'Wed, 06 May 2026 10:00:00 GMT',
      });

      expect(first.status).toBe(200);
      expect(second).toMatchObject({ status: 304, bytes: Buffer.alloc(0), etag: null });
      expect(site.requests[1]?.headers).toMatchObject({
        'if-none-match': '"v1"',
        'if-modified-since': 'Wed, 06 May 2026 10:00:00 GMT',
      });
    });

    it('follows up to five redirects, relative ones included, and reports where they led', async () => {
      for (let hop = 1; hop <= 5; hop++)
        site.route(`/hop${hop}`, redirectTo(`/hop${hop + 1}`, 301));
      site.route('/hop6', serve('plain words', 'text/plain'));

      const answer = await get('/hop1');

      expect(answer.finalUrl).toBe(site.url('/hop6'));
      expect(answer.bytes.toString()).toBe('plain words');
    });

    it('refuses a sixth redirect', async () => {
      for (let hop = 1; hop <= 6; hop++) site.route(`/loop${hop}`, redirectTo(`/loop${hop + 1}`));
      site.route('/loop7', serve(HTML, 'text/html'));

      const error = await failure(get('/loop1'));

      expect(error).toMatchObject({
        code: 'URL_FETCH_FAILED',
        status: 422,
        details: { reason: 'too_many_redirects' },
      });
      expect(site.requests.map((request) => request.line)).not.toContain('GET /loop7');
    });

    it('decodes gzip, deflate and br bodies', async () => {
      site.route('/gz', serve(zlib.gzipSync(HTML), 'text/html', { 'content-encoding': 'gzip' }));
      site.route(
        '/df',
        serve(zlib.deflateSync(HTML), 'text/html', { 'content-encoding': 'deflate' }),
      );
      site.route(
        '/br',
        serve(zlib.brotliCompressSync(HTML), 'text/html', { 'content-encoding': 'br' }),
      );

      const bodies = await Promise.all(
        ['/gz', '/df', '/br'].map(async (path) => (await get(path)).bytes.toString()),
      );

      expect(bodies).toEqual([HTML, HTML, HTML]);
      expect(site.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
    });
  });

  describe('bad answers', () => {
    it('refuses a document whose stated length is over the cap without reading it', async () => {
      site.route('/big', serve(Buffer.alloc(3 * 1024 * 1024, 'a'), 'text/plain'));

      const error = await failure(get('/big'));

      expect(error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        status: 413,
        details: { reason: 'too_large', limitBytes: 2 * 1024 * 1024 },
      });
    });

    it('stops reading a chunked document at the cap', async () => {
      site.route('/stream', (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'b');
        // 4 MB without a Content-Length; the client must count.
        for (let sent = 0; sent < 64; sent++) response.write(chunk);
        response.end();
      });

      const error = await failure(get('/stream', { maxBytes: 1024 * 1024 }));

      expect(error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: { limitBytes: 1024 * 1024 },
      });
    });

    it('stops a gzip or brotli bomb at the cap on the decoded bytes', async () => {
      const zeros = Buffer.alloc(16 * 1024 * 1024);
      const gzip = zlib.gzipSync(zeros, { level: 1 });
      const brotli = zlib.brotliCompressSync(zeros, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
      });
      expect(gzip.length).toBeLessThan(100 * 1024);
      site.route('/gzip-bomb', serve(gzip, 'text/html', { 'content-encoding': 'gzip' }));
      site.route('/br-bomb', serve(brotli, 'text/html', { 'content-encoding': 'br' }));

      const errors = await Promise.all([failure(get('/gzip-bomb')), failure(get('/br-bomb'))]);

      expect(
        errors.map((error) => [error.code, (error.details as { reason: string }).reason]),
      ).toEqual([
        ['PAYLOAD_TOO_LARGE', 'too_large'],
        ['PAYLOAD_TOO_LARGE', 'too_large'],
      ]);
    });

    it('refuses a body that is not what its encoding says, and an encoding it does not speak', async () => {
      site.route('/liar', serve('not gzip at all', 'text/html', { 'content-encoding': 'gzip' }));
      site.route('/zstd', serve('whatever', 'text/html', { 'content-encoding': 'zstd' }));

      const errors = await Promise.all([failure(get('/liar')), failure(get('/zstd'))]);

      expect(
        errors.map((error) => [error.code, (error.details as { reason: string }).reason]),
      ).toEqual([
        ['URL_FETCH_FAILED', 'bad_encoding'],
        ['URL_FETCH_FAILED', 'bad_encoding'],
      ]);
    });

    it('refuses a content type outside the accepted ones, and an answer without one', async () => {
      site.route('/image', serve(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'));
      site.route('/untyped', (_request, response) => {
        response.removeHeader('content-type');
        response.writeHead(200).end('who knows');
      });

      const [image, untyped] = await Promise.all([
        failure(get('/image')),
        failure(get('/untyped')),
      ]);

      expect(image).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        status: 415,
        details: { reason: 'content_type', contentType: 'image/png' },
      });
      expect(untyped).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        details: { contentType: null },
      });
    });

    it('reports an upstream HTTP error with its status, unless asked to return it', async () => {
      site.route('/gone', (_request, response) => response.writeHead(410).end('gone'));

      const error = await failure(get('/gone'));
      const returned = await sut.fetch(site.url('/gone'), { acceptHttpErrors: true });

      expect(error).toMatchObject({
        code: 'URL_FETCH_FAILED',
        status: 422,
        details: { reason: 'http_status', status: 410 },
      });
      expect(returned.status).toBe(410);
    });

    it('times out a server that never answers, and one that stalls mid-body', async () => {
      site.route('/silent', () => undefined);
      site.route('/stall', (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('the start and then nothing');
      });

      const errors = await Promise.all([
        failure(get('/silent', { timeoutMs: 300 })),
        failure(get('/stall', { timeoutMs: 300 })),
      ]);

      for (const error of errors)
        expect(error).toMatchObject({
          code: 'URL_FETCH_FAILED',
          details: { reason: 'timeout', timeoutMs: 300 },
        });
    });

    it('reports a closed port as unreachable', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as { port: number };
      await new Promise<void>((resolve) => probe.close(() => resolve()));

      const error = await failure(
        fetcherWith([`127.0.0.1:${port}`]).fetch(`http://127.0.0.1:${port}/`),
      );

      expect(error).toMatchObject({ code: 'URL_FETCH_FAILED', details: { reason: 'unreachable' } });
      expect(error.message).toContain('refused');
    });
  });

  describe('the SSRF guard', () => {
    const notAllowed = async (url: string, fetcher = fetcherWith([])) => {
      const error = await failure(fetcher.fetch(url));
      expect({ code: error.code, status: error.status }).toEqual({
        code: 'URL_NOT_ALLOWED',
        status: 422,
      });
      return error;
    };

    it('refuses loopback, IPv6 loopback, metadata, private and unspecified addresses', async () => {
      for (const url of [
        site.url('/page'),
        `http://[::1]:${site.port}/page`,
        'http://169.254.169.254/latest/meta-data',
        'http://10.0.0.1/',
        'http://0.0.0.0/',
        'http://[::ffff:127.0.0.1]/',
        'http://2130706433/',
      ])
        await notAllowed(url);
      expect(site.requests).toHaveLength(0);
    });

    it('refuses a name resolving to a loopback address when connecting', async () => {
      site.route('/page', serve(HTML, 'text/html'));

      const error = await notAllowed(`http://localhost:${site.port}/page`);

      expect(error.message).toBe(
        'localhost resolves to a loopback, private, link-local or metadata address, which Briefroom does not fetch.',
      );
      expect(site.requests).toHaveLength(0);
    });

    it('refuses a name whose addresses include a private one', async () => {
      const resolver = resolverWith({ 'intranet.test': ['93.184.216.34', '10.1.2.3'] });

      await notAllowed('http://intranet.test/', fetcherWith([], resolver));
    });

    it('judges the address connected to, so a name that re-resolves to an internal address (DNS rebinding) is refused', async () => {
      let lookups = 0;
      const resolver = resolverWith({
        'rebind.test': () => (++lookups === 1 ? ['93.184.216.34'] : ['127.0.0.1']),
      });
      const guard = new OutboundGuard([], resolver);
      const fetcher = new OutboundFetcher(guard);
      closed.push(fetcher);

      await expect(
        guard.checkDestination(`http://rebind.test:${site.port}/`),
      ).resolves.toBeInstanceOf(URL);
      await notAllowed(`http://rebind.test:${site.port}/`, fetcher);
      expect(lookups).toBe(2);
      expect(site.requests).toHaveLength(0);
    });

    it('checks every redirect: an allowlisted server cannot send the request to an internal one', async () => {
      other.route('/secret', serve('internal', 'text/plain'));
      site.route('/to-other', redirectTo(other.url('/secret')));
      site.route('/to-metadata', redirectTo('http://169.254.169.254/latest/meta-data'));
      site.route('/to-localhost', redirectTo(`http://localhost:${other.port}/secret`));
      site.route('/to-file', redirectTo('file:///etc/passwd'));

      for (const path of ['/to-other', '/to-metadata', '/to-localhost', '/to-file'])
        await notAllowed(site.url(path), sut);
      expect(other.requests).toHaveLength(0);
    });

    it('refuses other schemes and URLs carrying credentials', async () => {
      const fetcher = fetcherWith([site.hostPort]);
      for (const url of ['file:///etc/passwd', 'ftp://example.com/file', 'gopher://example.com/'])
        await notAllowed(url, fetcher);
      const error = await notAllowed(`http://user:secret@${site.hostPort}/page`, fetcher);
      expect(error.message).toContain('user name or password');
    });

    it('lets an allowlisted host:port through, and only that port', async () => {
      site.route('/page', serve(HTML, 'text/html'));

      await expect(sut.fetch(site.url('/page'))).resolves.toMatchObject({ status: 200 });
      await notAllowed(other.url('/page'), sut);
    });

    it('matches allowlisted IPv6 hosts and names by their canonical form', () => {
      const guard = new OutboundGuard(['[0:0::1]:8080', 'Wiki.Internal:443']);

      expect(guard.isAllowlisted('[::1]', 8080)).toBe(true);
      expect(guard.isAllowlisted('::1', 8080)).toBe(true);
      expect(guard.isAllowlisted('wiki.internal', 443)).toBe(true);
      expect(guard.isAllowlisted('wiki.internal', 80)).toBe(false);
    });
  });
});
