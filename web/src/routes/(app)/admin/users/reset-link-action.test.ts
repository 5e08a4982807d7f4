import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { resetLink } from './reset-link-action';

function setup(respond: () => Response, role: 'admin' | 'member' = 'admin') {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/admin/users', {
      method: 'POST',
      body: new URLSearchParams({ id: 'u-1', name: 'Grace Hopper' }),
    }),
    url: new URL('https://briefroom.example.com/admin/users'),
    locals: { api, user: makeUser({ role }) },
  } as unknown as RequestEvent;
  return { fetch, event };
}

describe('admin reset link action', () => {
  it('issues a one-time link for the chosen user and hands it to the page', async () => {
    const { fetch, event } = setup(() =>
      jsonResponse(201, {
        url: 'https://briefroom.example.com/reset-password/abc',
        expiresAt: '2026-05-01T08:30:00.000Z',
      }),
    );

    expect(await resetLink(event)).toEqual({
      form: 'resetLink',
      name: 'Grace Hopper',
      url: 'https://briefroom.example.com/reset-password/abc',
      expiresAt: '2026-05-01T08:30:00.000Z',
    });
    const [url, init] = fetch.mock.calls[0]!;
    expect([init?.method, new URL(url as string).pathname]).toEqual([
      'POST',
      '/api/admin/users/u-1/password-reset',
    ]);
  });

  it('shows why the API refused (a deactivated account)', async () => {
    const { event } = setup(() =>
      contractError(
        409,
        'CONFLICT',
        'This account is deactivated: reactivate it before issuing a reset link.',
      ),
    );

    expect(await resetLink(event)).toMatchObject({
      status: 409,
      data: { form: 'users', message: expect.stringMatching(/deactivated/) },
    });
  });

  it('is for admins only', async () => {
    const { fetch, event } = setup(() => jsonResponse(201, {}), 'member');

    const outcome = await Promise.resolve()
      .then(() => resetLink(event))
      .catch((thrown: unknown) => thrown);
    expect(isHttpError(outcome) && outcome.status).toBe(403);
    expect(fetch).not.toHaveBeenCalled();
  });
});
