import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ThreadStateControls from './ThreadStateControls.svelte';

let fetch: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetch = vi.fn(() => new Promise<Response>(() => undefined));
  vi.stubGlobal('fetch', fetch);
});

afterEach(() => vi.unstubAllGlobals());

function sent(): URLSearchParams[] {
  return fetch.mock.calls.map(
    ([, init]) => new URLSearchParams((init as RequestInit).body as URLSearchParams | string),
  );
}

describe('ThreadStateControls', () => {
  it('offers converging and resolving for an open thread, reopening for a resolved one', () => {
    const { unmount } = render(ThreadStateControls, { current: 'open', onChange: vi.fn() });
    expect(screen.getByRole('button', { name: 'Mark converging' })).toBeTruthy();
    expect(screen.getByText('Resolve…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reopen' })).toBeNull();
    unmount();

    render(ThreadStateControls, { current: 'resolved', onChange: vi.fn() });
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
    expect(screen.queryByText('Resolve…')).toBeNull();
  });

  it('offers other members only converging, and says who resolves', () => {
    const { unmount } = render(ThreadStateControls, {
      current: 'open',
      canResolve: false,
      onChange: vi.fn(),
    });
    expect(screen.getByRole('button', { name: 'Mark converging' })).toBeTruthy();
    expect(screen.queryByText('Resolve…')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resolve thread' })).toBeNull();
    expect(screen.getByText(/Editors and the person who started this thread/)).toBeTruthy();
    unmount();

    render(ThreadStateControls, { current: 'resolved', canResolve: false, onChange: vi.fn() });
    expect(screen.queryByRole('button', { name: 'Reopen' })).toBeNull();
  });

  it('will not resolve without an outcome, and says so next to the field', async () => {
    render(ThreadStateControls, { current: 'converging', onChange: vi.fn() });

    await fireEvent.click(screen.getByRole('button', { name: 'Resolve thread' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Write the outcome: the answer to the prompt, in one line.',
    );
    expect(screen.getByLabelText('Outcome').getAttribute('aria-invalid')).toBe('true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('resolves with the outcome that was written', async () => {
    render(ThreadStateControls, { current: 'open', onChange: vi.fn() });

    await fireEvent.input(screen.getByLabelText('Outcome'), {
      target: { value: 'Move training to the hydro region by Q3.' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Resolve thread' }));

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(String(fetch.mock.calls[0]?.[0])).toMatch(/\?\/state$/);
    expect(sent()[0]?.get('state')).toBe('resolved');
    expect(sent()[0]?.get('outcome')).toBe('Move training to the hydro region by Q3.');
  });
});
