import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { AccountSession } from '$lib/api/types';
import SessionsSection from './SessionsSection.svelte';

const session = (overrides: Partial<AccountSession>): AccountSession => ({
  id: 'a'.repeat(64),
  current: false,
  createdAt: '2026-05-01T08:00:00.000Z',
  lastSeenAt: '2026-05-02T09:30:00.000Z',
  expiresAt: '2026-06-01T08:00:00.000Z',
  userAgent: 'Firefox on Linux',
  ip: '192.0.2.7',
  ...overrides,
});

describe('SessionsSection', () => {
  it('marks the current session and offers to end only the others, in POST forms', () => {
    render(SessionsSection, {
      sessions: [
        session({ id: 'b'.repeat(64), current: true, userAgent: 'Safari on iPhone' }),
        session({}),
      ],
      result: null,
    });

    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('This session')).toBeTruthy();
    expect(within(rows[0]!).queryByRole('button')).toBeNull();
    const end = within(rows[1]!).getByRole('button', { name: 'Sign out Firefox on Linux' });
    const form = end.closest('form')!;
    expect([form.getAttribute('method'), form.getAttribute('action')]).toEqual([
      'POST',
      '?/endSession',
    ]);
    expect(form.querySelector<HTMLInputElement>('input[name=id]')?.value).toBe('a'.repeat(64));
    expect(within(rows[1]!).getByText('192.0.2.7')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out all other sessions' })).toBeTruthy();
  });

  it('offers no sweep when this is the only session, and says when sessions could not load', () => {
    const { unmount } = render(SessionsSection, {
      sessions: [session({ current: true })],
      result: null,
    });
    expect(screen.queryByRole('button', { name: 'Sign out all other sessions' })).toBeNull();
    unmount();

    render(SessionsSection, { sessions: null, result: null });
    expect(screen.getByRole('alert').textContent).toMatch(/could not be loaded/);
  });
});
