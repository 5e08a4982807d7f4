import { isRedirect, type Cookies } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { SESSION_COOKIE } from '$lib/server/session';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions } from './+page.server';

const create = actions.default;
type SetupEvent = Parameters<NonNullable<typeof create>>[0];

function setup(respond: () => Response, fields: Record<string, string> = {}) {
  const sent: unknown[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    sent.push(JSON.parse(init?.body as string));
    return respond();
  });
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const cookies = { set: vi.fn(), get: vi.fn(), delete: vi.fn() };
  const body = new URLSearchParams({
    setupCode: ' k7qd-2mxa-pl4z-w6ne-3rbt-hy5c ',
    email: 'founder@example.com',
    displayName: 'Founder',
    password: 'correct horse battery',
    passwordConfirmation: 'correct horse battery',
    ...fields,
  });
  const pageUrl = 'https://briefroom.example.com/setup';
  const event = {
    request: new Request(pageUrl, { method: 'POST', body }),
    url: new URL(pageUrl),
    cookies: cookies as unknown as Cookies,
    locals: { api, user: null, sessionProblem: null, publicUrl: new URL(pageUrl) },
  } as unknown as SetupEvent;
  return {
    fetch,
    sent,
    cookies,
    sut: async () => {
      if (!create) throw new Error('the setup page has no default action');
      return create(event);
    },
  };
}

describe('setup action', () => {
  it('sends the setup code with the first account and starts the session', async () => {
    const { sent, cookies, sut } = setup(() =>
      jsonResponse(201, { user: makeUser({ role: 'admin' }), token: 'sess_first' }),
    );

    const outcome = await sut().catch((thrown: unknown) => thrown);

    expect(isRedirect(outcome)).toBe(true);
    expect(sent[0]).toMatchObject({
      setupCode: 'k7qd-2mxa-pl4z-w6ne-3rbt-hy5c',
      email: 'founder@example.com',
    });
    expect(cookies.set).toHaveBeenCalledWith(SESSION_COOKIE, 'sess_first', expect.anything());
  });

  it('asks for the setup code before calling the API', async () => {
    const { fetch, sut } = setup(() => jsonResponse(201, {}), { setupCode: '  ' });

    const outcome = await sut();

    expect(outcome).toMatchObject({
      status: 400,
      data: { message: 'Enter the setup code from the server log.' },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the refusal of a wrong code and keeps what was typed', async () => {
    const { cookies, sut } = setup(() =>
      contractError(403, 'SETUP_CODE_INVALID', 'That setup code is not right.'),
    );

    const outcome = await sut();

    expect(outcome).toMatchObject({
      status: 403,
      data: {
        code: 'SETUP_CODE_INVALID',
        message: 'That setup code is not right.',
        email: 'founder@example.com',
      },
    });
    expect(cookies.set).not.toHaveBeenCalled();
  });
});
