import { describe, expect, it } from 'vitest';
import { singleSignOnHref, singleSignOnProblem } from './single-sign-on';

describe('single sign-on on the login page', () => {
  it('explains each refusal the API can send back, and an unknown one generically', () => {
    expect(singleSignOnProblem('oidc_domain')).toMatch(/domain does not get one automatically/);
    expect(singleSignOnProblem('oidc_state')).toMatch(/could not be matched to this browser/);
    expect(singleSignOnProblem('something_new')).toBe(
      'Single sign-on did not work. Please try again.',
    );
    expect(singleSignOnProblem(null)).toBeNull();
  });

  it('links to the API with the page to come back to', () => {
    expect(singleSignOnHref('/api/auth/oidc/login', '/actions?overdue=true')).toBe(
      '/api/auth/oidc/login?returnTo=%2Factions%3Foverdue%3Dtrue',
    );
  });
});
