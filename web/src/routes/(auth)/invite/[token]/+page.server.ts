import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { passwordField, textField } from '$lib/server/form-data';
import { START_PAGE } from '$lib/server/redirect-target';
import { startSession } from '$lib/server/session';
import { passwordProblem } from '$lib/password-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    const invite = await locals.api.getInvite(params.token);
    return { invite, signedInAs: locals.user?.email ?? null };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    if (cause.status === 404) return { invite: null, signedInAs: locals.user?.email ?? null };
    error(cause.status === 400 ? 404 : cause.status, { message: cause.message });
  }
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, params }) => {
    const form = await request.formData();
    const displayName = textField(form, 'displayName');
    const password = passwordField(form, 'password');
    const problem = !displayName
      ? 'Enter your name as your colleagues know it.'
      : passwordProblem(password, passwordField(form, 'passwordConfirmation'));
    if (problem) return fail(400, { displayName, message: problem });

    let token: string;
    try {
      ({ token } = await locals.api.acceptInvite(params.token, { displayName, password }));
    } catch (cause) {
      return failFromApi(cause, { displayName });
    }

    startSession(cookies, locals.publicUrl, token);
    redirect(303, START_PAGE);
  },
};
