import { isRedirect, type Cookies } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { SESSION_COOKIE } from '$lib/server/session';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions } from './+page.server';

const login = actions.default;
type LoginEvent = Parameters<NonNullable<typeof login>>[0];

interface Call {
  path: string;
  body: unknown;
}

/** The login action against a scripted API; each answer is taken in turn. */
function setup(fields: Record<string, string>, answers: Response[], next = '') {
  const calls: Call[] = [];
  const api = new BriefroomApi({
    baseUrl: 'http://api.internal:3000',
    fetch: vi.fn(async (url: URL | RequestInfo, init?: RequestInit) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
      calls.push({ path: new URL(url instanceof Request ? url.url : url).pathname, body });
      const answer = answers.shift();
      if (!answer) throw new Error('no more scripted answers');
      return answer;
    }),
  });
  const cookies = { set: vi.fn(), get: vi.fn(), delete: vi.fn() };
  const pageUrl = `https://briefroom.example.com/login${next}`;
  const event = {
    request: new Request(pageUrl, { method: 'POST', body: new URLSearchParams(fields) }),
    url: new URL(pageUrl),
    cookies: cookies as unknown as Cookies,
    locals: {
      api,
      user: null,
      sessionProblem: null,
      publicUrl: new URL('https://briefroom.example.com'),
    },
  } as unknown as LoginEvent;
  return {
    calls,
    cookies,
    sut: async () => {
      if (!login) throw new Error('the login page has no default action');
      return login(event);
    },
  };
}

const password = { email: 'ada@example.com', password: 'correct horse battery' };

describe('login: second factor', () => {
  it('asks for a code after a right password, setting no cookie', async () => {
    const { sut, cookies } = setup(password, [
      jsonResponse(200, { totpRequired: true, enrolmentRequired: false, challenge: 'ch_1' }),
    ]);

    expect(await sut()).toEqual({ step: 'code', challenge: 'ch_1', email: 'ada@example.com' });
    expect(cookies.set).not.toHaveBeenCalled();
  });

  it('fetches the key to enrol when an admin requires it, as an image of the QR', async () => {
    const { sut, calls } = setup(password, [
      jsonResponse(200, { totpRequired: true, enrolmentRequired: true, challenge: 'ch_2' }),
      jsonResponse(200, {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Briefroom:ada?secret=JBSWY3DPEHPK3PXP',
        qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      }),
    ]);

    const outcome = await sut();

    expect(outcome).toEqual({
      step: 'enrol',
      challenge: 'ch_2',
      email: 'ada@example.com',
      enrolment: {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Briefroom:ada?secret=JBSWY3DPEHPK3PXP',
        qrImage: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
      },
    });
    expect(calls[1]).toEqual({ path: '/api/auth/login/totp/setup', body: { challenge: 'ch_2' } });
  });

  it('signs in with the code: sets the cookie and goes to next', async () => {
    const { sut, cookies, calls } = setup(
      { challenge: 'ch_1', email: 'ada@example.com', step: 'code', code: ' 123456 ' },
      [jsonResponse(200, { user: makeUser(), token: 'sess_2fa' })],
      '?next=%2Factions',
    );

    const outcome = await sut().catch((thrown: unknown) => thrown);

    expect(isRedirect(outcome) && outcome.location).toBe('/actions');
    expect(calls).toEqual([
      { path: '/api/auth/login/totp', body: { challenge: 'ch_1', code: '123456' } },
    ]);
    expect(cookies.set).toHaveBeenCalledWith(SESSION_COOKIE, 'sess_2fa', expect.any(Object));
  });

  it('shows the recovery codes once after an enrolment, signed in', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `aaaaa-bbbb${i}`);
    const { sut, cookies } = setup(
      {
        challenge: 'ch_2',
        email: 'ada@example.com',
        step: 'enrol',
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://x',
        code: '123456',
      },
      [jsonResponse(200, { user: makeUser(), token: 'sess_new', recoveryCodes: codes })],
    );

    expect(await sut()).toEqual({ step: 'recovery', recoveryCodes: codes, next: '/briefings' });
    expect(cookies.set).toHaveBeenCalledWith(SESSION_COOKIE, 'sess_new', expect.any(Object));
  });

  it('keeps the step (and the key being enrolled) after a wrong code', async () => {
    const { sut, cookies } = setup(
      {
        challenge: 'ch_2',
        email: 'ada@example.com',
        step: 'enrol',
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://x',
        code: '000000',
      },
      [contractError(401, 'INVALID_CREDENTIALS', 'That code is not right.')],
    );

    const outcome = await sut();

    expect(outcome).toMatchObject({
      status: 401,
      data: {
        step: 'enrol',
        challenge: 'ch_2',
        enrolment: { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://x' },
        message: 'That code is not right.',
      },
    });
    expect(cookies.set).not.toHaveBeenCalled();
  });

  it('asks for a code before calling the API when none was typed', async () => {
    const { sut, calls } = setup(
      { challenge: 'ch_1', email: 'a@b.c', step: 'code', code: ' ' },
      [],
    );

    expect(await sut()).toMatchObject({
      status: 400,
      data: { step: 'code', message: 'Enter a code.' },
    });
    expect(calls).toEqual([]);
  });

  it('goes back to the password form when the account is locked', async () => {
    const { sut } = setup({ challenge: 'ch_1', email: 'ada@example.com', code: '000000' }, [
      jsonResponse(
        429,
        {
          error: { code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-ins.', details: null },
        },
        { 'Retry-After': '600' },
      ),
    ]);

    const outcome = await sut();

    expect(outcome).toMatchObject({ status: 429, data: { email: 'ada@example.com' } });
    expect(outcome).not.toHaveProperty('data.step');
  });
});
