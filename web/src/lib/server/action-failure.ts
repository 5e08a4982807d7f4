// Turning an API refusal into a form action failure the page can show next to the form.
import { fail, type ActionFailure } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';

export interface FormProblem {
  /** Which form on the page failed, when a page has several. */
  form?: string;
  message: string;
  code?: string;
  retryAfterSeconds?: number | null;
}

/** Rethrows anything that is not an ApiError, so real bugs still reach handleError. */
export function failFromApi<T extends Record<string, unknown>>(
  cause: unknown,
  extra: T,
): ActionFailure<FormProblem & T> {
  if (!(cause instanceof ApiError)) throw cause;
  const status = cause.status >= 400 && cause.status < 600 ? cause.status : 502;
  return fail(status, {
    ...extra,
    message: cause.message,
    code: cause.code,
    retryAfterSeconds: cause.retryAfterSeconds,
  });
}
