import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { passwordField, textField } from '$lib/server/form-data';
import { START_PAGE } from '$lib/server/redirect-target';
import { startSession } from '$lib/server/session';
import { passwordProblem } from '$lib/password-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  let needsSetup: boolean;
  try {
    ({ needsSetup } = await locals.api.setupStatus());
  } catch (cause) {
    if (cause instanceof ApiError) error(503, { message: cause.message });
    throw cause;
  }
  if (!needsSetup) redirect(303, '/login');
  return {};
};

export const actions: Actions = {
  default: async ({ request, locals, cookies }) => {
    const form = await request.formData();
    const email = textField(form, 'email');
    const displayName = textField(form, 'displayName');
    const setupCode = textField(form, 'setupCode');
    const password = passwordField(form, 'password');
    const problem = !setupCode
      ? 'Enter the setup code from the server log.'
      : !email || !displayName
        ? 'Enter your email and your name.'
        : passwordProblem(password, passwordField(form, 'passwordConfirmation'));
    if (problem) return fail(400, { email, displayName, setupCode, message: problem });

    let token: string;
    try {
      ({ token } = await locals.api.signup({ email, displayName, password, setupCode }));
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === 'SIGNUP_CLOSED') redirect(303, '/login');
      return failFromApi(cause, { email, displayName, setupCode });
    }

    startSession(cookies, locals.publicUrl, token);
    redirect(303, START_PAGE);
  },
};
