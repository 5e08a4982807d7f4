import { fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { START_PAGE } from '$lib/server/redirect-target';
import { retryAfterSentence } from '../login/retry-after';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, START_PAGE);
  return {};
};

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const email = textField(form, 'email');
    if (!email) return fail(400, { email, message: 'Enter the e-mail address of your account.' });
    try {
      const { message } = await locals.api.requestPasswordReset({ email });
      return { email, sent: message };
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 429) {
        return fail(429, {
          email,
          message: `${cause.message} ${retryAfterSentence(cause.retryAfterSeconds)}`,
        });
      }
      return failFromApi(cause, { email });
    }
  },
};
