import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import NotificationMailSection from './NotificationMailSection.svelte';
import { chosenPreferences } from './notification-mail';

describe('notification e-mail settings', () => {
  it('reads one valid mode per kind from the form and ignores the rest', () => {
    const form = new FormData();
    form.set('mention', 'never');
    form.set('activity', 'digest');
    form.set('reply', 'hourly');
    form.set('gossip', 'never');
    expect(chosenPreferences(form)).toEqual([
      { kind: 'mention', mode: 'never' },
      { kind: 'activity', mode: 'digest' },
    ]);
  });

  it('shows each kind with its current mode checked', () => {
    render(NotificationMailSection, {
      preferences: [
        { kind: 'mention', mode: 'immediately' },
        { kind: 'activity', mode: 'digest' },
      ],
      result: null,
    });
    const digest = screen.getAllByRole('radio', { name: 'Daily digest' });
    expect(digest.map((radio) => (radio as HTMLInputElement).checked)).toEqual([false, true]);
    expect(screen.getByRole('group', { name: 'Someone mentions you' })).toBeTruthy();
  });

  it('says so when the settings could not be loaded', () => {
    render(NotificationMailSection, { preferences: null, result: null });
    expect(screen.getByText(/could not be loaded/)).toBeTruthy();
  });
});
