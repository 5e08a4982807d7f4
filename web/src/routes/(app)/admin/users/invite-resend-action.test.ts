import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { resendInvite } from './invite-resend-action';

const invite = {
  id: 'i-1',
  email: 'grace@example.com',
  role: 'member',
  createdAt: '2026-05-01T08:00:00.000Z',
  expiresAt: '2026-05-08T08:00:00.000Z',
  acceptedAt: null,
};

function setup(respond: () => Response) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/admin/users', {
      method: 'POST',
      body: new URLSearchParams({ id: 'i-1' }),
    }),
    url: new URL('https://briefroom.example.com/admin/users'),
    locals: { api, user: makeUser({ role: 'admin' }) },
  } as unknown as RequestEvent;
  return { fetch, event };
}

describe('resend invite action', () => {
  it('shows the new link, absolute, and whether it was e-mailed', async () => {
    const { fetch, event } = setup(() =>
      jsonResponse(201, { invite, url: '/invite/new-token', emailed: true }),
    );

    expect(await resendInvite(event)).toEqual({
      form: 'invite',
      created: { invite, link: 'https://briefroom.example.com/invite/new-token' },
      emailed: true,
    });
    const [url, init] = fetch.mock.calls[0]!;
    expect([init?.method, new URL(url as string).pathname]).toEqual([
      'POST',
      '/api/admin/invites/i-1/resend',
    ]);
  });

  it('says why the API refused', async () => {
    const { event } = setup(() =>
      contractError(409, 'EMAIL_TAKEN', 'grace@example.com already has an account.'),
    );

    expect(await resendInvite(event)).toMatchObject({
      status: 409,
      data: { form: 'pendingInvites', message: 'grace@example.com already has an account.' },
    });
  });
});
