import { fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { passwordField, textField } from '$lib/server/form-data';
import { START_PAGE, safeRedirectTarget } from '$lib/server/redirect-target';
import { startSession } from '$lib/server/session';
import { retryAfterSentence } from './retry-after';
import { singleSignOnProblem } from './single-sign-on';
import { finishSecondStep, secondStep } from './second-factor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const next = safeRedirectTarget(url.searchParams.get('next'), START_PAGE);
  if (locals.user) redirect(303, next);

  const singleSignOn = { next, problem: singleSignOnProblem(url.searchParams.get('error')) };
  try {
    const { needsSetup } = await locals.api.setupStatus();
    if (needsSetup) redirect(303, '/setup');
    const providers = await locals.api.providers();
    return { serviceProblem: null, providers, singleSignOn };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    // Still show the form: the problem may be gone by the time the user submits.
    return { serviceProblem: cause.message, providers: null, singleSignOn };
  }
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const next = safeRedirectTarget(url.searchParams.get('next'), START_PAGE);
    if (form.has('challenge'))
      return finishSecondStep(locals.api, form, cookies, locals.publicUrl, next);
    const email = textField(form, 'email');
    const password = passwordField(form, 'password');
    if (!email || !password) {
      return fail(400, { email, message: 'Enter your email and password.' });
    }

    let grant;
    try {
      grant = await locals.api.login({ email, password });
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 429) {
        const message = `${cause.message} ${retryAfterSentence(cause.retryAfterSeconds)}`;
        return fail(429, { email, message });
      }
      return failFromApi(cause, { email });
    }

    if ('challenge' in grant) return secondStep(locals.api, grant, email);
    startSession(cookies, locals.publicUrl, grant.token);
    redirect(303, next);
  },
};
