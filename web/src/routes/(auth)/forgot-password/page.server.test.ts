import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse } from '$lib/testing/factories';
import { actions } from './+page.server';

const ask = actions.default;
type AskEvent = Parameters<NonNullable<typeof ask>>[0];

function setup(respond: () => Response, email = ' ada@example.com ') {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/forgot-password', {
      method: 'POST',
      body: new URLSearchParams({ email }),
    }),
    locals: { api, user: null },
  } as unknown as AskEvent;
  return { fetch, sut: () => ask!(event) };
}

describe('forgot-password action', () => {
  it('asks the API for a link and says one is on its way', async () => {
    const { fetch, sut } = setup(() =>
      jsonResponse(202, { message: 'If this address has an account, a link is on its way.' }),
    );

    const outcome = await sut();

    expect(outcome).toEqual({
      email: 'ada@example.com',
      sent: 'If this address has an account, a link is on its way.',
    });
    const [url, init] = fetch.mock.calls[0]!;
    const request = {
      url,
      method: init?.method,
      json: () => JSON.parse(init?.body as string) as unknown,
    };
    expect(new URL(request.url as string).pathname).toBe('/api/auth/password-reset');
    expect(request.json()).toEqual({ email: 'ada@example.com' });
  });

  it('says how long to wait when asked too often', async () => {
    const { sut } = setup(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many reset requests.' } }),
          { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '120' } },
        ),
    );

    const outcome = await sut();

    expect(outcome).toMatchObject({ status: 429, data: { email: 'ada@example.com' } });
    expect((outcome as { data: { message: string } }).data.message).toMatch(
      /^Too many reset requests\. .*2 minutes/,
    );
  });

  it('asks for an address before calling the API', async () => {
    const { fetch, sut } = setup(() => contractError(500, 'INTERNAL_ERROR', 'never'), '  ');

    expect(await sut()).toMatchObject({ status: 400 });
    expect(fetch).not.toHaveBeenCalled();
  });
});
