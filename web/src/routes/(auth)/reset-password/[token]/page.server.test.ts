import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError } from '$lib/testing/factories';
import { actions } from './+page.server';

const confirm = actions.default;
type ConfirmEvent = Parameters<NonNullable<typeof confirm>>[0];

function setup(respond: () => Response, password = 'a-new-long-password', confirmation = password) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/reset-password/tok', {
      method: 'POST',
      body: new URLSearchParams({ password, passwordConfirmation: confirmation }),
    }),
    params: { token: 'the-link-token' },
    locals: { api, user: null },
  } as unknown as ConfirmEvent;
  return { fetch, sut: () => confirm!(event) };
}

describe('reset-password action', () => {
  it('sets the password with the token from the link', async () => {
    const { fetch, sut } = setup(() => new Response(null, { status: 204 }));

    expect(await sut()).toEqual({ done: true });
    const [url, init] = fetch.mock.calls[0]!;
    const request = {
      url,
      method: init?.method,
      json: () => JSON.parse(init?.body as string) as unknown,
    };
    expect(new URL(request.url as string).pathname).toBe('/api/auth/password-reset/confirm');
    expect(request.json()).toEqual({
      token: 'the-link-token',
      password: 'a-new-long-password',
    });
  });

  it('checks the two passwords before calling the API', async () => {
    const { fetch, sut } = setup(
      () => new Response(null, { status: 204 }),
      'a-new-long-password',
      'another-one-here',
    );

    expect(await sut()).toMatchObject({
      status: 400,
      data: { message: 'The two passwords do not match.', linkDead: false },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('marks a dead link so the page offers a new one', async () => {
    const { sut } = setup(() =>
      contractError(400, 'LINK_INVALID', 'This reset link is unknown, already used or expired.'),
    );

    expect(await sut()).toMatchObject({
      status: 400,
      data: { linkDead: true, code: 'LINK_INVALID' },
    });
  });
});
