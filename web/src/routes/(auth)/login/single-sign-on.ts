// Single sign-on on the login page: the button's link and what a refused sign-in says.

/** The API sends a refused single sign-on back to /login?error=<code>; these say what happened. */
const PROBLEMS: Record<string, string> = {
  oidc_state:
    'That sign-in could not be matched to this browser. Start again from this page (and keep to one tab).',
  oidc_expired: 'That sign-in took too long or was already used. Please try again.',
  oidc_denied: 'The sign-in provider did not let you in.',
  oidc_failed: 'The sign-in provider did not confirm the sign-in. Please try again.',
  oidc_unavailable: 'The sign-in provider cannot be reached right now. Please try again shortly.',
  oidc_no_email: 'The sign-in provider did not share your e-mail address, which Briefroom needs.',
  oidc_email_unverified:
    'Your e-mail address is not verified at the sign-in provider, so Briefroom cannot link it to an account.',
  oidc_domain:
    'There is no Briefroom account for this e-mail address, and its domain does not get one automatically. Ask an admin for an invite.',
  oidc_deactivated: 'This account is deactivated. Ask an admin of your Briefroom.',
};

export function singleSignOnProblem(code: string | null): string | null {
  if (!code) return null;
  return PROBLEMS[code] ?? 'Single sign-on did not work. Please try again.';
}

/** The provider's button: the API starts the sign-in and brings the browser back to `next`. */
export function singleSignOnHref(loginUrl: string, next: string): string {
  return `${loginUrl}?${new URLSearchParams({ returnTo: next }).toString()}`;
}
