// Admin → Users: a pending invite gets a new link (the old one stops working), e-mailed when SMTP is set.
import { fail, type RequestEvent } from '@sveltejs/kit';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';

export async function resendInvite(event: RequestEvent) {
  requireAdmin(event);
  const id = textField(await event.request.formData(), 'id');
  if (!id) return fail(400, { form: 'pendingInvites' as const, message: 'Choose an invite.' });
  try {
    const { invite, url, emailed } = await event.locals.api.resendInvite(id);
    const link = new URL(url, event.url.origin).href;
    return { form: 'invite' as const, created: { invite, link }, emailed };
  } catch (cause) {
    return failFromApi(cause, { form: 'pendingInvites' as const });
  }
}
