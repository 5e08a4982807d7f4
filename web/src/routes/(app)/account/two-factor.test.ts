import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { BriefroomApi } from '$lib/api/client';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { loadTwoFactor, twoFactorActions } from './two-factor';

interface Call {
  path: string;
  body: unknown;
}

function setup(respond: () => Response, fields: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: URL | RequestInfo, init?: RequestInit) => {
    calls.push({
      path: new URL(url instanceof Request ? url.url : url).pathname,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null,
    });
    return respond();
  });
  const api = new BriefroomApi({
    baseUrl: 'http://api.internal:3000',
    fetch,
  });
  const event = {
    request: new Request('https://briefroom.example.com/account', {
      method: 'POST',
      body: new URLSearchParams(fields),
    }),
    url: new URL('https://briefroom.example.com/account'),
    locals: { api, user: makeUser() },
  } as unknown as RequestEvent;
  return { api, calls, event };
}

const codes = Array.from({ length: 10 }, (_, i) => `abcde-fghj${i + 2}`);

describe('account: two-factor authentication', () => {
  it('loads the status, or null when the API cannot say', async () => {
    const status = {
      enabled: false,
      pending: false,
      recoveryCodesLeft: 0,
      required: true,
      available: true,
    };
    expect(await loadTwoFactor(setup(() => jsonResponse(200, status)).api)).toEqual(status);
    expect(
      await loadTwoFactor(setup(() => contractError(503, 'SERVICE_UNAVAILABLE', 'Down.')).api),
    ).toBeNull();
  });

  it('starts enrolment with the key and its QR as an image', async () => {
    const { event, calls } = setup(() =>
      jsonResponse(200, {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Briefroom:ada?secret=JBSWY3DPEHPK3PXP',
        qrSvg: '<svg/>',
      }),
    );

    expect(await twoFactorActions.totpSetup(event)).toEqual({
      form: 'totp',
      enrolment: {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Briefroom:ada?secret=JBSWY3DPEHPK3PXP',
        qrImage: `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`,
      },
    });
    expect(calls.map((call) => call.path)).toEqual(['/api/auth/totp/setup']);
  });

  it('turns it on with a code and shows the recovery codes', async () => {
    const { event, calls } = setup(() => jsonResponse(200, { recoveryCodes: codes }), {
      code: ' 123456 ',
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://x',
    });

    expect(await twoFactorActions.totpEnable(event)).toEqual({
      form: 'totp',
      recoveryCodes: codes,
      success: 'Two-factor authentication is on.',
    });
    expect(calls).toEqual([{ path: '/api/auth/totp/enable', body: { code: '123456' } }]);
  });

  it('keeps the key on screen after a wrong first code', async () => {
    const { event } = setup(() => contractError(400, 'BAD_REQUEST', 'That code is not right.'), {
      code: '000000',
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://x',
    });

    expect(await twoFactorActions.totpEnable(event)).toMatchObject({
      status: 400,
      data: {
        form: 'totp',
        enrolment: { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://x' },
        message: 'That code is not right.',
      },
    });
  });

  it('asks for a code before calling the API', async () => {
    for (const action of [twoFactorActions.totpEnable, twoFactorActions.totpRecoveryCodes]) {
      const { event, calls } = setup(() => jsonResponse(200, {}), { code: '  ' });
      expect(await action(event)).toMatchObject({ status: 400, data: { form: 'totp' } });
      expect(calls).toEqual([]);
    }
    const { event, calls } = setup(() => jsonResponse(200, {}), {});
    expect(await twoFactorActions.totpDisable(event)).toMatchObject({
      status: 400,
      data: { message: 'Enter your password or a current code.' },
    });
    expect(calls).toEqual([]);
  });

  it('makes new recovery codes with a current code', async () => {
    const { event, calls } = setup(() => jsonResponse(200, { recoveryCodes: codes }), {
      code: '654321',
    });

    expect(await twoFactorActions.totpRecoveryCodes(event)).toMatchObject({
      form: 'totp',
      recoveryCodes: codes,
    });
    expect(calls).toEqual([{ path: '/api/auth/totp/recovery-codes', body: { code: '654321' } }]);
  });

  it('turns it off with the password, and shows a refusal when an admin requires it', async () => {
    const off = setup(() => new Response(null, { status: 204 }), { password: ' my password ' });
    expect(await twoFactorActions.totpDisable(off.event)).toEqual({
      form: 'totp',
      success: 'Two-factor authentication is off.',
    });
    // Passwords are sent exactly as typed.
    expect(off.calls).toEqual([
      { path: '/api/auth/totp/disable', body: { password: ' my password ' } },
    ]);

    const required = setup(
      () =>
        contractError(403, 'FORBIDDEN', 'An admin requires a second factor for the editor role.'),
      { password: 'my password' },
    );
    expect(await twoFactorActions.totpDisable(required.event)).toMatchObject({
      status: 403,
      data: { form: 'totp', code: 'FORBIDDEN' },
    });
  });
});
