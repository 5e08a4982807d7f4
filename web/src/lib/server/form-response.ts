// How a form action answers: data for a form sent by use:enhance (the page updates itself), a
// redirect for a plain form post without JavaScript (so reloading the page does not post again).
import { redirect } from '@sveltejs/kit';

/** SvelteKit's use:enhance sends this header; a browser submitting the form itself does not. */
export function isEnhanced(request: Request): boolean {
  return request.headers.get('x-sveltekit-action') === 'true';
}

/** `data` for use:enhance; otherwise a 303 to `location`, a path on this site. */
export function answerForm<T extends Record<string, unknown>>(
  event: { request: Request },
  data: T,
  location: string,
): T {
  if (!isEnhanced(event.request)) redirect(303, location);
  return data;
}
