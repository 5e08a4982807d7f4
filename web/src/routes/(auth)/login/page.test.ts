import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LoginPage from './+page.svelte';

type Props = Parameters<typeof LoginPage>[1];

function setup(data: Props['data'], form: Props['form'] = null) {
  return render(LoginPage, { data, form, params: {} } as Props);
}

const PASSWORD_ONLY = {
  providers: { password: true, oidc: null },
  singleSignOn: { next: '/', problem: null },
};
const WITH_SSO = {
  serviceProblem: null,
  providers: {
    password: true,
    oidc: { displayName: 'Acme SSO', loginUrl: '/api/auth/oidc/login' },
  },
  singleSignOn: { next: '/actions', problem: null },
};

describe('login page', () => {
  it('asks for Email and Password with a Sign in button in a POST form', () => {
    setup({ serviceProblem: null, ...PASSWORD_ONLY });

    const email = screen.getByLabelText<HTMLInputElement>('Email');
    const password = screen.getByLabelText<HTMLInputElement>('Password');
    expect(email.type).toBe('email');
    expect(password.type).toBe('password');
    const button = screen.getByRole('button', { name: 'Sign in' });
    expect(button.closest('form')?.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the API message after a failed attempt and keeps the email, never the password', () => {
    setup(
      { serviceProblem: null, ...PASSWORD_ONLY },
      { email: 'ada@example.com', message: 'Email or password is incorrect.' },
    );

    expect(screen.getByRole('alert').textContent).toBe('Email or password is incorrect.');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });

  it('says when the service cannot be reached', () => {
    setup({
      serviceProblem: 'The Briefroom service cannot be reached right now. Try again in a moment.',
      providers: null,
      singleSignOn: { next: '/', problem: null },
    });

    expect(screen.getByRole('alert').textContent).toMatch(/cannot be reached/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('offers single sign-on beside the password form, coming back to the page asked for', () => {
    setup(WITH_SSO);

    const link = screen.getByRole('link', { name: 'Sign in with Acme SSO' });
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/login?returnTo=%2Factions');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('shows only single sign-on when password sign-in is off', () => {
    setup({ ...WITH_SSO, providers: { ...WITH_SSO.providers, password: false } });

    expect(screen.getByRole('link', { name: 'Sign in with Acme SSO' })).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('says why a single sign-on was refused', () => {
    setup({
      ...WITH_SSO,
      singleSignOn: {
        next: '/',
        problem: 'This account is deactivated. Ask an admin of your Briefroom.',
      },
    });

    expect(screen.getByRole('alert').textContent).toMatch(/deactivated/);
  });
});
