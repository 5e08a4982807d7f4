import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { SESSION_COOKIE } from '$lib/server/session';

vi.mock('$env/dynamic/private', () => ({
  env: {
    API_INTERNAL_URL: 'http://api.internal:3000',
    PUBLIC_URL: 'https://briefroom.example.com',
  },
}));

const { handle, init } = await import('./hooks.server');

type FetchCall = { url: string; headers: Headers };

function setup(options: { cookie?: string; respond?: (call: FetchCall) => Response } = {}) {
  const calls: FetchCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = {
        url: input instanceof Request ? input.url : String(input),
        headers: new Headers(init?.headers),
      };
      calls.push(call);
      if (!options.respond) throw new Error('unexpected fetch');
      return options.respond(call);
    }),
  );
  const cookies = {
    get: vi.fn((name: string) => (name === SESSION_COOKIE ? options.cookie : undefined)),
    delete: vi.fn(),
    set: vi.fn(),
  };
  const event = {
    url: new URL('http://localhost:3000/briefings'),
    request: new Request('http://localhost:3000/briefings', {
      headers: { cookie: `${SESSION_COOKIE}=${options.cookie ?? ''}` },
    }),
    cookies: cookies as unknown as Cookies,
    locals: {} as App.Locals,
    getClientAddress: () => '198.51.100.4',
  } as unknown as RequestEvent;
  const resolve = vi.fn(async () => new Response('page'));
  return { event, cookies, calls, resolve, run: () => handle({ event, resolve }) };
}

describe('handle', () => {
  beforeAll(async () => {
    await init();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('treats a request without the session cookie as anonymous, without asking the API', async () => {
    const { event, calls, run } = setup();

    await run();

    expect(event.locals.user).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('asks the API who the bearer of the cookie is and keeps the page out of shared caches', async () => {
    const user = makeUser({ role: 'editor' });
    const { event, calls, run } = setup({
      cookie: 'sess_1',
      respond: () => jsonResponse(200, { user }),
    });

    const response = await run();

    expect(event.locals.user).toEqual(user);
    expect(calls[0]?.url).toBe('http://api.internal:3000/api/auth/me');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sess_1');
    expect(calls[0]?.headers.get('cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('drops a session the API no longer knows, and stops sending its token', async () => {
    const { event, cookies, calls, run } = setup({
      cookie: 'sess_expired',
      respond: (call) =>
        call.url.endsWith('/api/auth/me')
          ? contractError(401, 'UNAUTHENTICATED', 'Sign in first.')
          : jsonResponse(200, { needsSetup: false }),
    });

    await run();
    await event.locals.api.setupStatus();

    expect(event.locals.user).toBeNull();
    // The request came in over plain http (a TLS-terminating proxy), PUBLIC_URL says https.
    expect(cookies.delete).toHaveBeenCalledWith(
      SESSION_COOKIE,
      expect.objectContaining({ path: '/', secure: true }),
    );
    expect(event.locals.publicUrl.href).toBe('https://briefroom.example.com/');
    expect(calls[1]?.headers.get('authorization')).toBeNull();
  });

  it('keeps the cookie and reports the problem when the API is unreachable', async () => {
    const { event, cookies, run } = setup({
      cookie: 'sess_1',
      respond: () => {
        throw new TypeError('fetch failed');
      },
    });

    await run();

    expect(event.locals.user).toBeNull();
    expect(event.locals.sessionProblem).toMatch(/cannot be reached/);
    expect(cookies.delete).not.toHaveBeenCalled();
  });
});
