// The second sign-in step (TOTP): what the page shows after a right password, and finishing it.
// It posts to the same default action as the password form (a `challenge` field tells them apart),
// so it works without JavaScript.
import { fail, redirect, type ActionFailure, type Cookies } from '@sveltejs/kit';
import { ApiError, type BriefroomApi } from '$lib/api/client';
import type { TotpChallenge } from '$lib/api/types';
import { carriedKey, enrolmentKey } from '$lib/server/authenticator-key';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { startSession } from '$lib/server/session';
import { retryAfterSentence } from './retry-after';
import type { CodeStep, RecoveryStep } from './second-step';

/** The page after a right password: ask for a code, or (when an admin requires it) enrol first. */
export async function secondStep(
  api: BriefroomApi,
  challenge: TotpChallenge,
  email: string,
): Promise<CodeStep | ActionFailure<{ email: string; message: string }>> {
  if (!challenge.enrolmentRequired) return { step: 'code', challenge: challenge.challenge, email };
  try {
    const setup = await api.totpLoginSetup(challenge.challenge);
    return { step: 'enrol', challenge: challenge.challenge, email, enrolment: enrolmentKey(setup) };
  } catch (cause) {
    return failFromApi(cause, { email });
  }
}

/** Finishes sign-in with a code or a recovery code; wrong codes keep the step so the user can retry. */
export async function finishSecondStep(
  api: BriefroomApi,
  form: FormData,
  cookies: Cookies,
  publicUrl: URL,
  next: string,
): Promise<RecoveryStep | ActionFailure<CodeStep | { email: string; message: string }>> {
  const challenge = textField(form, 'challenge');
  const email = textField(form, 'email');
  const step = textField(form, 'step') === 'enrol' ? 'enrol' : 'code';
  const enrolment = step === 'enrol' ? carriedKey(form) : undefined;
  const code = textField(form, 'code');
  if (!code) {
    return fail(400, {
      step,
      challenge,
      email,
      enrolment,
      message: step === 'enrol' ? 'Enter the code the app shows.' : 'Enter a code.',
    });
  }

  let session;
  try {
    session = await api.completeTotpLogin(challenge, code);
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    if (cause.status === 429) {
      // Locked: back to the password form, which says when to try again.
      const message = `${cause.message} ${retryAfterSentence(cause.retryAfterSeconds)}`;
      return fail(429, { email, message });
    }
    return fail(cause.status >= 400 && cause.status < 500 ? cause.status : 502, {
      step,
      challenge,
      email,
      enrolment,
      message: cause.message,
    });
  }
  startSession(cookies, publicUrl, session.token);
  if (session.recoveryCodes?.length)
    return { step: 'recovery', recoveryCodes: session.recoveryCodes, next };
  redirect(303, next);
}
