import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { makeInvite } from '$lib/testing/factories';
import InviteLinkPanel from './InviteLinkPanel.svelte';

describe('InviteLinkPanel', () => {
  it('shows the absolute one-time link with who it is for, their role and the expiry', () => {
    render(InviteLinkPanel, {
      invite: makeInvite({
        email: 'grace@example.com',
        role: 'editor',
        expiresAt: '2026-05-10T12:00:00.000Z',
      }),
      link: 'https://briefroom.example.com/invite/inv_abc123',
    });

    const field = screen.getByLabelText<HTMLInputElement>('Invite link');
    expect(field.value).toBe('https://briefroom.example.com/invite/inv_abc123');
    expect(
      screen.getByRole('heading', { name: 'Invite for grace@example.com created' }),
    ).toBeTruthy();
    expect(screen.getByText(/signs them up as Editor, and expires on 10 May 2026/)).toBeTruthy();
  });
});
