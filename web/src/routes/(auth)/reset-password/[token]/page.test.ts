import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ResetPasswordPage from './+page.svelte';

type Props = Parameters<typeof ResetPasswordPage>[1];

function setup(form: Props['form'] = null) {
  return render(ResetPasswordPage, { data: {}, form, params: { token: 'tok' } } as Props);
}

describe('reset-password page', () => {
  it('asks for the new password twice in a POST form', () => {
    setup();

    expect(screen.getByLabelText<HTMLInputElement>('New password').type).toBe('password');
    expect(screen.getByLabelText<HTMLInputElement>('Confirm new password').type).toBe('password');
    const button = screen.getByRole('button', { name: 'Set password' });
    expect(button.closest('form')?.getAttribute('method')?.toUpperCase()).toBe('POST');
  });

  it('sends to sign-in once the password is set', () => {
    setup({ done: true });

    expect(screen.getByRole('status').textContent).toMatch(/Your password is set/);
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });

  it('offers a new link when this one is dead', () => {
    setup({ linkDead: true, message: 'This reset link is unknown, already used or expired.' });

    expect(screen.getByRole('alert').textContent).toMatch(/already used or expired/);
    expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe(
      '/forgot-password',
    );
    expect(screen.queryByLabelText('New password')).toBeNull();
  });
});
