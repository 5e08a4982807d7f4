import { describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { accountActions } from './account-actions';

function setup(respond: () => Response, fields: Record<string, string> = {}) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/account', {
      method: 'POST',
      body: new URLSearchParams(fields),
    }),
    url: new URL('https://briefroom.example.com/account'),
    locals: { api, user: makeUser() },
  } as unknown as RequestEvent;
  return { fetch, event };
}

describe('account e-mail and session actions', () => {
  it('asks for a new address with the password and says where the link went', async () => {
    const { fetch, event } = setup(
      () => jsonResponse(202, { message: 'A link to confirm ada@new.example.com is on its way.' }),
      { email: 'ada@new.example.com', password: 'my-password' },
    );

    expect(await accountActions.changeEmail(event)).toEqual({
      form: 'email',
      email: 'ada@new.example.com',
      success: 'A link to confirm ada@new.example.com is on its way. Open it to confirm.',
    });
    expect(JSON.parse(fetch.mock.calls[0]![1]?.body as string)).toEqual({
      email: 'ada@new.example.com',
      password: 'my-password',
    });
  });

  it('shows a wrong password and keeps the address', async () => {
    const { event } = setup(
      () => contractError(401, 'INVALID_CREDENTIALS', 'The password is not right.'),
      { email: 'ada@new.example.com', password: 'wrong' },
    );

    expect(await accountActions.changeEmail(event)).toMatchObject({
      status: 401,
      data: { form: 'email', email: 'ada@new.example.com', message: 'The password is not right.' },
    });
  });

  it('needs both fields before calling the API', async () => {
    const { fetch, event } = setup(() => jsonResponse(202, {}), { email: 'ada@new.example.com' });

    expect(await accountActions.changeEmail(event)).toMatchObject({ status: 400 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('ends one session by id, and says when it is not yours', async () => {
    const id = 'a'.repeat(64);
    const ended = setup(() => new Response(null, { status: 204 }), { id });
    expect(await accountActions.endSession(ended.event)).toEqual({
      form: 'sessions',
      success: 'That session is signed out.',
    });
    const [url, init] = ended.fetch.mock.calls[0]!;
    const request = { url, method: init?.method };
    expect([request.method, new URL(request.url as string).pathname]).toEqual([
      'DELETE',
      `/api/auth/sessions/${id}`,
    ]);

    const missing = setup(() => contractError(404, 'NOT_FOUND', 'No such session.'), { id });
    expect(await accountActions.endSession(missing.event)).toMatchObject({
      status: 404,
      data: { form: 'sessions', message: 'No such session.' },
    });
  });

  it('ends every other session and counts them', async () => {
    const { event } = setup(() => jsonResponse(200, { ended: 2 }));

    expect(await accountActions.endOtherSessions(event)).toEqual({
      form: 'sessions',
      success: '2 other sessions signed out.',
    });
  });
});
