// What a page load does when the API refuses: show the error page, or carry on without an extra.
import { error } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';

/** Shows SvelteKit's error page with the API's status and sentence; rethrows anything else (a bug). */
export function errorPageFromApi(
  cause: unknown,
  messages: Partial<Record<number, string>> = {},
): never {
  if (!(cause instanceof ApiError)) throw cause;
  const status = cause.status >= 400 && cause.status < 600 ? cause.status : 502;
  error(status, { message: messages[status] ?? cause.message });
}

export type Optional<T> = { value: T; problem: null } | { value: null; problem: string };

/**
 * For the parts of a page it can do without (filter chips, a group picker): the value, or the
 * API's sentence saying why it is missing. Anything but an ApiError is a bug and is rethrown.
 */
export async function optional<T>(call: Promise<T>): Promise<Optional<T>> {
  try {
    return { value: await call, problem: null };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    return { value: null, problem: cause.message };
  }
}
