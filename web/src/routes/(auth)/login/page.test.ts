import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LoginPage from './+page.svelte';

type Props = Parameters<typeof LoginPage>[1];

function setup(data: Props['data'], form: Props['form'] = null) {
  return render(LoginPage, { data, form, params: {} } as Props);
}

describe('login page', () => {
  it('asks for Email and Password with a Sign in button in a POST form', () => {
    setup({ serviceProblem: null });

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
      { serviceProblem: null },
      { email: 'ada@example.com', message: 'Email or password is incorrect.' },
    );

    expect(screen.getByRole('alert').textContent).toBe('Email or password is incorrect.');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });

  it('says when the service cannot be reached', () => {
    setup({
      serviceProblem: 'The Briefroom service cannot be reached right now. Try again in a moment.',
    });

    expect(screen.getByRole('alert').textContent).toMatch(/cannot be reached/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });
});
