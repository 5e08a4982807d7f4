import { redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { endSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  return { email: locals.user.email };
};

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    try {
      await locals.api.logout();
    } catch (cause) {
      // The cookie goes regardless: a session the API already forgot, or cannot reach, is no reason to stay signed in here.
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status !== 401) console.warn(`[web] logout: ${cause.code} ${cause.message}`);
    }
    endSession(cookies, locals.publicUrl);
    redirect(303, '/login');
  },
};
