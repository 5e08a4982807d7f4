// The account page's two-factor authentication: status, enrolment, recovery codes, turning it off.
import { fail, type RequestEvent } from '@sveltejs/kit';
import { ApiError, type BriefroomApi } from '$lib/api/client';
import type { TotpStatus } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireUser } from '$lib/server/access';
import { carriedKey, enrolmentKey } from '$lib/server/authenticator-key';
import { passwordField, textField } from '$lib/server/form-data';

const form = 'totp' as const;

/** The section's state; null when the API could not say (the rest of the page still shows). */
export async function loadTwoFactor(api: BriefroomApi): Promise<TotpStatus | null> {
  try {
    return await api.totpStatus();
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    return null;
  }
}

export const twoFactorActions = {
  totpSetup: async (event: RequestEvent) => {
    requireUser(event);
    try {
      return { form, enrolment: enrolmentKey(await event.locals.api.totpSetup()) };
    } catch (cause) {
      return failFromApi(cause, { form });
    }
  },

  totpEnable: async (event: RequestEvent) => {
    requireUser(event);
    const data = await event.request.formData();
    const enrolment = carriedKey(data);
    const code = textField(data, 'code');
    if (!code) return fail(400, { form, enrolment, message: 'Enter the code the app shows.' });
    try {
      const recoveryCodes = await event.locals.api.totpEnable(code);
      return { form, recoveryCodes, success: 'Two-factor authentication is on.' };
    } catch (cause) {
      return failFromApi(cause, { form, enrolment });
    }
  },

  totpRecoveryCodes: async (event: RequestEvent) => {
    requireUser(event);
    const code = textField(await event.request.formData(), 'code');
    if (!code) return fail(400, { form, message: 'Enter a current code from your app.' });
    try {
      const recoveryCodes = await event.locals.api.regenerateRecoveryCodes(code);
      return {
        form,
        recoveryCodes,
        success: 'New recovery codes made; the old ones no longer work.',
      };
    } catch (cause) {
      return failFromApi(cause, { form });
    }
  },

  totpDisable: async (event: RequestEvent) => {
    requireUser(event);
    const data = await event.request.formData();
    const password = passwordField(data, 'password');
    const code = textField(data, 'code');
    if (!password && !code)
      return fail(400, { form, message: 'Enter your password or a current code.' });
    try {
      await event.locals.api.totpDisable(password ? { password } : { code });
    } catch (cause) {
      return failFromApi(cause, { form });
    }
    return { form, success: 'Two-factor authentication is off.' };
  },
};
