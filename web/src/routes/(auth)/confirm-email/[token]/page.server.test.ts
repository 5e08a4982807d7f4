import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions } from './+page.server';

const confirm = actions.default;
type ConfirmEvent = Parameters<NonNullable<typeof confirm>>[0];

function setup(respond: () => Response) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const event = {
    request: new Request('https://briefroom.example.com/confirm-email/tok', { method: 'POST' }),
    params: { token: 'the-email-token' },
    locals: { api, user: null },
  } as unknown as ConfirmEvent;
  return { fetch, sut: () => confirm!(event) };
}

describe('confirm-email action', () => {
  it('confirms with the token from the link and names the new address', async () => {
    const { fetch, sut } = setup(() =>
      jsonResponse(200, { user: makeUser({ email: 'ada@new.example.com' }) }),
    );

    expect(await sut()).toEqual({ email: 'ada@new.example.com' });
    expect(JSON.parse(fetch.mock.calls[0]![1]?.body as string)).toEqual({
      token: 'the-email-token',
    });
  });

  it('shows why a link does not work', async () => {
    const { sut } = setup(() =>
      contractError(409, 'EMAIL_TAKEN', 'This address has an account already.'),
    );

    expect(await sut()).toMatchObject({
      status: 409,
      data: { message: 'This address has an account already.' },
    });
  });
});
