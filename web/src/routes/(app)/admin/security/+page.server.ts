import { fail } from '@sveltejs/kit';
import type { SecuritySettings } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField, textList } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

/** The roles an admin may require a second factor of, as the API allows them. */
const POLICY_ROLES = ['editor', 'admin'] as const;
type PolicyRole = (typeof POLICY_ROLES)[number];
const isPolicyRole = (value: string): value is PolicyRole =>
  (POLICY_ROLES as readonly string[]).includes(value);

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const [settings, users] = await Promise.all([
    event.locals.api.securitySettings(),
    event.locals.api.listUsers(),
  ]).catch((cause: unknown) => errorPageFromApi(cause));
  return { settings, users: users.filter((user) => user.active) };
};

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const chosen = textList(await event.request.formData(), 'requireTotpFor');
    if (!chosen.every(isPolicyRole))
      return fail(400, { message: 'Choose editors, admins, or neither.' });
    const settings: SecuritySettings = {
      requireTotpFor: POLICY_ROLES.filter((r) => chosen.includes(r)),
    };
    try {
      const saved = await event.locals.api.updateSecuritySettings(settings);
      return { success: savedSentence(saved.requireTotpFor) };
    } catch (cause) {
      return failFromApi(cause, {});
    }
  },

  removeTotp: async (event) => {
    requireAdmin(event);
    const userId = textField(await event.request.formData(), 'userId');
    if (!userId) return fail(400, { form: 'remove' as const, message: 'Choose a person.' });
    try {
      await event.locals.api.removeUserTotp(userId);
    } catch (cause) {
      return failFromApi(cause, { form: 'remove' as const });
    }
    return {
      form: 'remove' as const,
      success:
        'Their second factor is removed and they are signed out; they sign in with the password alone (or set it up again, where it is required).',
    };
  },
};

function savedSentence(roles: SecuritySettings['requireTotpFor']): string {
  if (roles.length === 0) return 'Two-factor authentication is optional for everyone.';
  const who =
    roles.length === 2 ? 'Editors and admins' : roles[0] === 'editor' ? 'Editors' : 'Admins';
  return `Saved. ${who} without two-factor authentication set it up at their next sign-in.`;
}
