// Who may see a page or run an action. Layout loads do not guard form actions, so both call these.
import { error, redirect } from '@sveltejs/kit';
import type { User } from '$lib/api/types';
import { canEditBriefings } from '$lib/roles';
import { loginUrlFor } from './redirect-target';

interface AccessEvent {
  locals: App.Locals;
  url: URL;
}

/** The signed-in user, or a redirect to sign in (or a 503 when the API could not tell us who it is). */
export function requireUser({ locals, url }: AccessEvent): User {
  if (locals.user) return locals.user;
  if (locals.sessionProblem) error(503, { message: locals.sessionProblem });
  redirect(303, loginUrlFor(url));
}

export function requireAdmin(event: AccessEvent): User {
  const user = requireUser(event);
  if (user.role !== 'admin') error(403, { message: 'Only admins can manage users and groups.' });
  return user;
}

export function requireEditor(event: AccessEvent): User {
  const user = requireUser(event);
  if (!canEditBriefings(user.role)) {
    error(403, { message: 'Only editors and admins can import, edit or delete briefings.' });
  }
  return user;
}
