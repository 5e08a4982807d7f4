import { fail } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import type { Actions, PageServerLoad } from './$types';

const BAD_LINK =
  'This unsubscribe link is not valid: it may be incomplete or out of date. You can change which e-mails you get on your account page.';

/** Why a link does not work, in words; anything but a refusal from the API is a real failure. */
function problemOf(cause: unknown): string {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 400 || cause.status === 404) return BAD_LINK;
  if (cause.status === 429) return 'Too many attempts: wait a minute and try again.';
  return 'Briefroom could not unsubscribe you just now. Try again in a moment.';
}

// The link in the e-mail opens this page (GET changes nothing: mail scanners follow links); the
// button posts the form, which works without JavaScript. The List-Unsubscribe header's RFC 8058
// one-click POST goes to the API directly.
export const load: PageServerLoad = async ({ locals, url }) => {
  const token = url.searchParams.get('token') ?? '';
  if (!token) return { token, kind: null, problem: BAD_LINK };
  try {
    const preview = await locals.api.previewUnsubscribe(token);
    return { token, kind: preview.kind, problem: null };
  } catch (cause) {
    return { token, kind: null, problem: problemOf(cause) };
  }
};

export const actions: Actions = {
  default: async ({ locals, url }) => {
    const token = url.searchParams.get('token') ?? '';
    try {
      const done = await locals.api.unsubscribe(token);
      return { unsubscribed: done.kind };
    } catch (cause) {
      const message = problemOf(cause);
      return fail(cause instanceof ApiError && cause.status < 500 ? 400 : 502, { message });
    }
  },
};
