import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ForgotPasswordPage from './+page.svelte';

type Props = Parameters<typeof ForgotPasswordPage>[1];

function setup(form: Props['form'] = null) {
  return render(ForgotPasswordPage, { data: {}, form, params: {} } as Props);
}

describe('forgot-password page', () => {
  it('asks for the address in a POST form that works without JavaScript', () => {
    setup();

    const email = screen.getByLabelText<HTMLInputElement>('Email');
    expect(email.type).toBe('email');
    const button = screen.getByRole('button', { name: 'Send reset link' });
    expect(button.closest('form')?.getAttribute('method')?.toUpperCase()).toBe('POST');
    expect(screen.getByRole('link', { name: 'Back to sign in' }).getAttribute('href')).toBe(
      '/login',
    );
  });

  it('says a link is on its way, the same for every address', () => {
    setup({
      email: 'ada@example.com',
      sent: 'If this address has an account, a link is on its way.',
    });

    expect(screen.getByRole('status').textContent).toBe(
      'If this address has an account, a link is on its way.',
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows a refusal and keeps the address', () => {
    setup({ email: 'ada@example.com', message: 'Too many reset requests for this address.' });

    expect(screen.getByRole('alert').textContent).toBe('Too many reset requests for this address.');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
  });
});
