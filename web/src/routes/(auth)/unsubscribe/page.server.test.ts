import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse } from '$lib/testing/factories';
import { actions, load } from './+page.server';

const TOKEN = `${'a'.repeat(32)}0${'b'.repeat(32)}`;
type LoadEvent = Parameters<typeof load>[0];
type FetchCall = Parameters<typeof globalThis.fetch>;
const methodOf = ([input, init]: FetchCall) =>
  input instanceof Request ? input.method : (init?.method ?? 'GET');
const urlOf = ([input]: FetchCall) => (input instanceof Request ? input.url : String(input));
const unsubscribe = actions.default;
type ActionEvent = Parameters<NonNullable<typeof unsubscribe>>[0];

function setup(respond: () => Response, token: string | null = TOKEN) {
  const fetch = vi.fn<typeof globalThis.fetch>(async () => respond());
  const api = new BriefroomApi({ baseUrl: 'http://api.internal:3000', fetch });
  const url = new URL('https://briefroom.example.com/unsubscribe');
  if (token !== null) url.searchParams.set('token', token);
  const event = {
    url,
    request: new Request(url, { method: 'POST' }),
    locals: { api, user: null },
  };
  return {
    fetch,
    load: () => load(event as unknown as LoadEvent),
    submit: () => unsubscribe!(event as unknown as ActionEvent),
  };
}

describe('unsubscribe page', () => {
  it('says what the link turns off and changes nothing on GET', async () => {
    const { fetch, load } = setup(() =>
      jsonResponse(200, { kind: 'mention', unsubscribed: false }),
    );
    expect(await load()).toEqual({ token: TOKEN, kind: 'mention', problem: null });
    expect(urlOf(fetch.mock.calls[0]!)).toContain(
      `/api/notification-mail/unsubscribe?token=${TOKEN}`,
    );
    expect(methodOf(fetch.mock.calls[0]!)).toBe('GET');
  });

  it('unsubscribes when the button posts the form', async () => {
    const { fetch, submit } = setup(() => jsonResponse(200, { kind: 'all', unsubscribed: true }));
    expect(await submit()).toEqual({ unsubscribed: 'all' });
    expect(methodOf(fetch.mock.calls[0]!)).toBe('POST');
    expect(urlOf(fetch.mock.calls[0]!)).toContain(`token=${TOKEN}`);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [400, 'VALIDATION_FAILED'],
  ])('shows a clear page for a bad or forged link (%i), not an error', async (status, code) => {
    const { load, submit } = setup(() => contractError(status, code, 'No such link.'));
    expect(await load()).toMatchObject({ kind: null, problem: expect.stringMatching(/not valid/) });
    expect(await submit()).toMatchObject({
      status: 400,
      data: { message: expect.stringMatching(/not valid/) },
    });
  });

  it('needs no API call for a link without a token', async () => {
    const { fetch, load } = setup(() => jsonResponse(200, {}), null);
    expect(await load()).toMatchObject({ kind: null, problem: expect.stringMatching(/not valid/) });
    expect(fetch).not.toHaveBeenCalled();
  });
});
