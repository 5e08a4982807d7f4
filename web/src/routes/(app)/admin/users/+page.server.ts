import { error, fail } from '@sveltejs/kit';
import { ROLE_LABELS, isRole } from '$lib/roles';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { ApiError } from '$lib/api/client';
import { textField } from '$lib/server/form-data';
import { resendInvite } from './invite-resend-action';
import { resetLink } from './reset-link-action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const admin = requireAdmin(event);
  try {
    const [users, invites] = await Promise.all([
      event.locals.api.listUsers(),
      event.locals.api.listInvites(),
    ]);
    const now = Date.now();
    const pendingInvites = invites.filter(
      (invite) => invite.acceptedAt === null && Date.parse(invite.expiresAt) > now,
    );
    return { adminId: admin.id, users, pendingInvites };
  } catch (cause) {
    if (cause instanceof ApiError) error(cause.status, { message: cause.message });
    throw cause;
  }
};

export const actions: Actions = {
  resetLink,
  resendInvite,

  changeRole: async (event) => {
    const admin = requireAdmin(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    const role = textField(form, 'role');
    const values = { form: 'users' as const, userId: id };
    if (!id || !isRole(role)) return fail(400, { ...values, message: 'Choose a user and a role.' });
    if (id === admin.id) {
      return fail(400, {
        ...values,
        message: 'You cannot change your own role. Ask another admin.',
      });
    }

    try {
      const user = await event.locals.api.updateUser(id, { role });
      return { ...values, success: `${user.displayName}’s role is now ${ROLE_LABELS[user.role]}.` };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  setActive: async (event) => {
    const admin = requireAdmin(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    const active = textField(form, 'active');
    const values = { form: 'users' as const, userId: id };
    if (!id || (active !== 'true' && active !== 'false')) {
      return fail(400, { ...values, message: 'Choose a user to activate or deactivate.' });
    }
    if (id === admin.id) {
      return fail(400, { ...values, message: 'You cannot deactivate your own account.' });
    }

    try {
      const user = await event.locals.api.updateUser(id, { active: active === 'true' });
      return {
        ...values,
        success: user.active
          ? `${user.displayName} can sign in again.`
          : `${user.displayName} is deactivated and signed out everywhere.`,
      };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  invite: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const email = textField(form, 'email');
    const role = textField(form, 'role');
    const values = { form: 'invite' as const, email, role };
    if (!email || !isRole(role)) {
      return fail(400, { ...values, message: 'Enter an email address and choose a role.' });
    }

    try {
      const { invite, url } = await event.locals.api.createInvite({ email, role });
      // The API answers with a path; people need a link they can paste into an email or chat.
      const link = new URL(url, event.url.origin).href;
      return { form: 'invite' as const, created: { invite, link } };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  revokeInvite: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    const email = textField(form, 'email');
    const values = { form: 'pendingInvites' as const };
    if (!id) return fail(400, { ...values, message: 'Choose an invite to revoke.' });

    try {
      await event.locals.api.revokeInvite(id);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: email ? `Invite for ${email} revoked.` : 'Invite revoked.' };
  },
};
