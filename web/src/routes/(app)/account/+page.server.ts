import { fail } from '@sveltejs/kit';
import type { AccountSession, ApiToken } from '$lib/api/types';
import { passwordProblem } from '$lib/password-rules';
import { isRole, rolesUpTo } from '$lib/roles';
import { failFromApi } from '$lib/server/action-failure';
import { requireUser } from '$lib/server/access';
import { ApiError } from '$lib/api/client';
import { passwordField, textField } from '$lib/server/form-data';
import { TOKEN_EXPIRY_CHOICES, TOKEN_NAME_MAX_LENGTH } from './token-settings';
import { loadTwoFactor, twoFactorActions } from './two-factor';
import { accountActions } from './account-actions';
import { loadNotificationMail, notificationMailActions } from './notification-mail';
import { atomFeedActions, loadAtomFeeds } from './atom-feeds';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  let tokens: ApiToken[] | null = null;
  let tokensProblem: string | null = null;
  try {
    tokens = await event.locals.api.listTokens();
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    tokensProblem = cause.message;
  }
  let sessions: AccountSession[] | null = null;
  try {
    sessions = await event.locals.api.listSessions();
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
  }
  const twoFactor = await loadTwoFactor(event.locals.api);
  const notificationMail = await loadNotificationMail(event.locals.api);
  const atomFeeds = await loadAtomFeeds(event.locals.api);
  return { user, tokens, tokensProblem, sessions, twoFactor, notificationMail, atomFeeds };
};

export const actions: Actions = {
  ...twoFactorActions,
  ...accountActions,
  ...notificationMailActions,
  ...atomFeedActions,
  changePassword: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const currentPassword = passwordField(form, 'currentPassword');
    const newPassword = passwordField(form, 'password');
    const problem = !currentPassword
      ? 'Enter your current password.'
      : passwordProblem(newPassword, passwordField(form, 'passwordConfirmation'));
    if (problem) return fail(400, { form: 'password' as const, message: problem });

    try {
      await event.locals.api.changePassword({ currentPassword, newPassword });
    } catch (cause) {
      return failFromApi(cause, { form: 'password' as const });
    }
    return {
      form: 'password' as const,
      success: 'Password changed. You stay signed in here; other sessions were signed out.',
    };
  },

  createToken: async (event) => {
    const user = requireUser(event);
    const form = await event.request.formData();
    const name = textField(form, 'name');
    const role = textField(form, 'role');
    const expiry = textField(form, 'expiresInDays');
    const values = { form: 'createToken' as const, name, role, expiresInDays: expiry };

    if (!name || name.length > TOKEN_NAME_MAX_LENGTH) {
      return fail(400, {
        ...values,
        message: `Give the token a name of up to ${TOKEN_NAME_MAX_LENGTH} characters, such as the script that will use it.`,
      });
    }
    if (!isRole(role) || !rolesUpTo(user.role).includes(role)) {
      return fail(400, { ...values, message: 'Choose a role no higher than your own.' });
    }
    const expiresInDays = expiry === '' ? undefined : Number(expiry);
    if (
      expiresInDays !== undefined &&
      !TOKEN_EXPIRY_CHOICES.some((c) => c.days === expiresInDays)
    ) {
      return fail(400, { ...values, message: 'Choose one of the offered expiry periods.' });
    }

    try {
      const created = await event.locals.api.createToken({ name, role, expiresInDays });
      return { form: 'createToken' as const, created };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  revokeToken: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    const name = textField(form, 'name');
    if (!id)
      return fail(400, { form: 'revokeToken' as const, message: 'Choose a token to revoke.' });

    try {
      await event.locals.api.revokeToken(id);
    } catch (cause) {
      return failFromApi(cause, { form: 'revokeToken' as const });
    }
    return {
      form: 'revokeToken' as const,
      success: name ? `Token “${name}” revoked.` : 'Token revoked.',
    };
  },
};
