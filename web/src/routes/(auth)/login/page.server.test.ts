import { isRedirect, type Cookies } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { SESSION_COOKIE } from '$lib/server/session';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions } from './+page.server';

const login = actions.default;
type LoginEvent = Parameters<NonNullable<typeof login>>[0];

function setup(
  respond: () => Response,
  pageUrl = 'https://briefroom.example.com/login',
  publicUrl = 'https://briefroom.example.com',
) {
  const api = new BriefroomApi({
    baseUrl: 'http://api.internal:3000',
    fetch: vi.fn(async () => respond()),
  });
  const cookies = { set: vi.fn(), get: vi.fn(), delete: vi.fn() };
  const body = new URLSearchParams({
    email: ' ada@example.com ',
    password: 'correct horse battery',
  });
  const event = {
    request: new Request(pageUrl, { method: 'POST', body }),
    url: new URL(pageUrl),
    cookies: cookies as unknown as Cookies,
    locals: { api, user: null, sessionProblem: null, publicUrl: new URL(publicUrl) },
  } as unknown as LoginEvent;
  return {
    cookies,
    sut: async () => {
      if (!login) throw new Error('the login page has no default action');
      return login(event);
    },
  };
}

describe('login action', () => {
  it('sets the session cookie from the returned token and redirects to a safe next', async () => {
    const { cookies, sut } = setup(
      () => jsonResponse(200, { user: makeUser(), token: 'sess_new' }),
      'https://briefroom.example.com/login?next=%2Factions%3Foverdue%3Dtrue',
    );

    const outcome = await sut().catch((thrown: unknown) => thrown);

    expect(isRedirect(outcome) && outcome.location).toBe('/actions?overdue=true');
    expect(cookies.set).toHaveBeenCalledWith(
      SESSION_COOKIE,
      'sess_new',
      expect.objectContaining({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' }),
    );
  });

  it('ignores a next that leaves the site', async () => {
    const { sut } = setup(
      () => jsonResponse(200, { user: makeUser(), token: 'sess_new' }),
      'https://briefroom.example.com/login?next=%2F%2Fevil.com',
    );

    const outcome = await sut().catch((thrown: unknown) => thrown);

    expect(isRedirect(outcome) && outcome.location).toBe('/briefings');
  });

  it.each(['/.//evil.com', '/%2e//evil.com', '/a/..//evil.com', '/%2E%2E/\\evil.com'])(
    'ignores %j, whose dot segments collapse to another host',
    async (next) => {
      const { sut } = setup(
        () => jsonResponse(200, { user: makeUser(), token: 'sess_new' }),
        `https://briefroom.example.com/login?next=${encodeURIComponent(next)}`,
      );

      const outcome = await sut().catch((thrown: unknown) => thrown);

      expect(isRedirect(outcome) && outcome.location).toBe('/briefings');
    },
  );

  it('marks the cookie Secure from PUBLIC_URL when a TLS-terminating proxy forwards plain http', async () => {
    const { cookies, sut } = setup(
      () => jsonResponse(200, { user: makeUser(), token: 'sess_new' }),
      'http://127.0.0.1:3000/login',
      'https://briefroom.example.com',
    );

    await sut().catch((thrown: unknown) => thrown);

    expect(cookies.set).toHaveBeenCalledWith(
      SESSION_COOKIE,
      'sess_new',
      expect.objectContaining({ secure: true }),
    );
  });

  it('answers 401 with the API message and the trimmed email, setting no cookie', async () => {
    const { cookies, sut } = setup(() =>
      contractError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect.'),
    );

    const outcome = await sut();

    expect(outcome).toMatchObject({
      status: 401,
      data: { email: 'ada@example.com', message: 'Email or password is incorrect.' },
    });
    expect(cookies.set).not.toHaveBeenCalled();
  });

  it('answers 429 saying when to try again', async () => {
    const { sut } = setup(() =>
      jsonResponse(
        429,
        { error: { code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-in attempts.' } },
        { 'retry-after': '840' },
      ),
    );

    const outcome = await sut();

    expect(outcome).toMatchObject({
      status: 429,
      data: { message: 'Too many failed sign-in attempts. Try again in 14 minutes.' },
    });
  });
});
