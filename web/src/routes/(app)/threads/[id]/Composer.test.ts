import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makePerson } from '$lib/testing/factories';
import Composer from './Composer.svelte';

const MIA = makePerson({ id: 'mia-id', displayName: 'Mia Chen', handle: 'mia' });
const MIKE = makePerson({ id: 'mike-id', displayName: 'Mike Ross', handle: 'mike' });

/** The form fields of each request use:enhance sent. */
function sentForms(fetch: ReturnType<typeof vi.fn>): URLSearchParams[] {
  return fetch.mock.calls.map(
    ([, init]) => new URLSearchParams((init as RequestInit).body as URLSearchParams | string),
  );
}

function setup(props: Partial<Parameters<typeof Composer>[1]> = {}) {
  const searchMentions = vi.fn(async (prefix: string) =>
    [MIA, MIKE].filter((person) => person.handle.startsWith(prefix)),
  );
  render(Composer, {
    id: 'new-comment',
    label: 'Add to the discussion',
    canPost: true,
    draftKey: 'draft-key-1',
    searchMentions,
    ...props,
  });
  const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Add to the discussion' });
  return { box, searchMentions };
}

async function type(box: HTMLTextAreaElement, value: string) {
  await fireEvent.input(box, { target: { value } });
  box.setSelectionRange(value.length, value.length);
  await fireEvent.input(box, { target: { value } });
}

afterEach(() => vi.unstubAllGlobals());

describe('Composer', () => {
  it('offers people to mention as you type @mi, and inserts the chosen @handle', async () => {
    const { box, searchMentions } = setup();

    await type(box, 'Thanks @mi');

    const list = await screen.findByRole('listbox', { name: 'People to mention' });
    expect(searchMentions).toHaveBeenLastCalledWith('mi');
    const options = within(list).getAllByRole('option');
    expect(options.map((option) => option.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Mia Chen @mia',
      'Mike Ross @mike',
    ]);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]?.id);

    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(within(list).getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(box, { key: 'Enter' });

    expect(box.value).toBe('Thanks @mike ');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('closes the suggestions on Escape without changing the text', async () => {
    const { box } = setup();
    await type(box, '@mi');
    await screen.findByRole('listbox');

    await fireEvent.keyDown(box, { key: 'Escape' });

    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('@mi');
  });

  it('posts with Ctrl+Enter, sending the draft, its parent and its Idempotency-Key', async () => {
    const fetch = vi.fn(() => new Promise<Response>(() => undefined));
    vi.stubGlobal('fetch', fetch);
    const { box } = setup({ parentId: 'parent-id' });
    await type(box, 'A reply');

    await fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const [url] = fetch.mock.calls[0] as unknown as [URL];
    expect(String(url)).toMatch(/\?\/comment$/);
    const form = sentForms(fetch)[0];
    expect(form?.get('body')).toBe('A reply');
    expect(form?.get('parentId')).toBe('parent-id');
    expect(form?.get('idempotencyKey')).toBe('draft-key-1');
    expect(screen.getByRole('button', { name: 'Posting…' })).toHaveProperty('disabled', true);
  });

  it('sends the same Idempotency-Key again when the first attempt’s answer was lost', async () => {
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockImplementation(() => new Promise<Response>(() => undefined));
    vi.stubGlobal('fetch', fetch);
    const { box } = setup({ draftKey: undefined });
    await type(box, 'Worth saying once');

    await fireEvent.click(screen.getByRole('button', { name: 'Post comment' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringMatching(/could not be reached.*will not appear twice/),
    );
    expect(box.value).toBe('Worth saying once');
    await fireEvent.click(screen.getByRole('button', { name: 'Post comment' }));

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const [first, second] = sentForms(fetch);
    expect(first?.get('idempotencyKey')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.get('idempotencyKey')).toBe(first?.get('idempotencyKey'));
  });

  it('sends a double click once', async () => {
    const fetch = vi.fn(() => new Promise<Response>(() => undefined));
    vi.stubGlobal('fetch', fetch);
    const { box } = setup();
    await type(box, 'Just once');
    const form = box.closest('form') as HTMLFormElement;

    form.requestSubmit();
    form.requestSubmit();

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not send an empty comment', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const { box } = setup();
    await type(box, '   ');

    (box.closest('form') as HTMLFormElement).requestSubmit();

    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Write your comment first.',
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows viewers why they cannot post, with the box disabled', () => {
    const { box } = setup({ canPost: false });

    expect(box.matches(':disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Post comment' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/Taking part needs the Member role/)).toBeTruthy();
  });

  it('previews the draft as formatted text without turning markup into elements', async () => {
    const { box } = setup();
    await type(box, '**Bold** <img src=x onerror=alert(1)>');

    await fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));

    // The server's renderer is loaded on the first Preview.
    const panel = screen.getByRole('tabpanel');
    await vi.waitFor(() => expect(panel.querySelector('strong')?.textContent).toBe('Bold'));
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
