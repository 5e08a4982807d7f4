import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeApiToken } from '$lib/testing/factories';
import TokenCreatedPanel from './TokenCreatedPanel.svelte';

describe('TokenCreatedPanel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the secret in a labelled, read-only field with a note to copy it now', () => {
    render(TokenCreatedPanel, {
      token: makeApiToken({
        name: 'Nightly export',
        role: 'viewer',
        expiresAt: '2026-06-01T08:00:00.000Z',
      }),
      secret: 'brt_9f8e7d6c5b4a',
    });

    const field = screen.getByLabelText<HTMLInputElement>('Token secret');
    expect(field.value).toBe('brt_9f8e7d6c5b4a');
    expect(field.readOnly).toBe(true);
    expect(screen.getByRole('heading', { name: 'Token “Nightly export” created' })).toBeTruthy();
    expect(screen.getByText('Copy this token now.')).toBeTruthy();
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByText(/expires 1 Jun 2026/)).toBeTruthy();
  });

  it('says when a token never expires', () => {
    render(TokenCreatedPanel, { token: makeApiToken({ expiresAt: null }), secret: 'brt_x' });

    expect(screen.getByText(/never expires/)).toBeTruthy();
  });

  it('copies the secret to the clipboard when the browser allows it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    render(TokenCreatedPanel, { token: makeApiToken(), secret: 'brt_copy_me' });

    await fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));

    expect(writeText).toHaveBeenCalledWith('brt_copy_me');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });
});
