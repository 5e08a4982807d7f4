import { fail } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { passwordField } from '$lib/server/form-data';
import { passwordProblem } from '$lib/password-rules';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const form = await request.formData();
    const password = passwordField(form, 'password');
    const problem = passwordProblem(password, passwordField(form, 'passwordConfirmation'));
    if (problem) return fail(400, { message: problem, linkDead: false });
    try {
      await locals.api.confirmPasswordReset({ token: params.token, password });
    } catch (cause) {
      // A dead link (or a malformed one) is not fixed by retyping: point to a new one.
      const linkDead =
        cause instanceof ApiError &&
        (cause.code === 'LINK_INVALID' ||
          (cause.code === 'VALIDATION_FAILED' && /token/.test(cause.message)));
      return failFromApi(cause, { linkDead });
    }
    return { done: true };
  },
};
