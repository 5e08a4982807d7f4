// Admin → Users: a one-time password reset link to hand over (for servers that send no e-mail).
import { fail, type RequestEvent } from '@sveltejs/kit';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';

export async function resetLink(event: RequestEvent) {
  requireAdmin(event);
  const form = await event.request.formData();
  const id = textField(form, 'id');
  const name = textField(form, 'name');
  if (!id) return fail(400, { form: 'users' as const, message: 'Choose a user.' });
  try {
    const link = await event.locals.api.issuePasswordResetLink(id);
    return { form: 'resetLink' as const, name, url: link.url, expiresAt: link.expiresAt };
  } catch (cause) {
    return failFromApi(cause, { form: 'users' as const, userId: id });
  }
}
