import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import type { SearchHit } from '$lib/api/types';
import RelatedItems from './RelatedItems.svelte';

const ITEM = 'b1a2c3d4-0000-4000-8000-000000000001';

const decision: SearchHit = {
  type: 'decision',
  id: 'd0000000-0000-4000-8000-000000000009',
  title: 'Move training to the hydro region',
  snippet: 'because <mark>power</mark> is cheaper',
  url: '/decisions/d0000000-0000-4000-8000-000000000009',
  date: '2026-04-30',
  briefing: null,
  tags: [],
  status: 'accepted',
  author: null,
  owner: null,
};

async function open(details: HTMLElement) {
  (details as HTMLDetailsElement).open = true;
  await fireEvent(details, new Event('toggle'));
}

describe('RelatedItems', () => {
  it('asks for related items only when opened, once, and lists them', async () => {
    const load = vi.fn(() => Promise.resolve([decision]));
    const { container } = render(RelatedItems, { itemId: ITEM, itemTitle: 'AI infra', load });
    const details = container.querySelector('details') as HTMLElement;
    expect(load).not.toHaveBeenCalled();
    expect(screen.getByText('Related').closest('summary')).toBeTruthy();

    await open(details);
    const list = await screen.findByRole('list', { name: 'Related to: AI infra' });
    expect(load).toHaveBeenCalledWith(ITEM);
    expect(list.textContent).toContain('Move training to the hydro region');
    expect(list.textContent).toContain('Accepted');
    // Searched with the whole item title: the words are not marked up as matches.
    expect(list.querySelector('.snippet')?.classList.contains('plain')).toBe(true);

    (details as HTMLDetailsElement).open = false;
    await fireEvent(details, new Event('toggle'));
    await open(details);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says when there is nothing earlier, and always offers the search', async () => {
    const { container } = render(RelatedItems, {
      itemId: ITEM,
      itemTitle: 'AI infra & power',
      load: () => Promise.resolve([]),
    });
    await open(container.querySelector('details') as HTMLElement);
    expect(await screen.findByText('Nothing earlier on this subject yet.')).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Search for more like this' }).getAttribute('href'),
    ).toBe('/search?q=AI+infra+%26+power');
  });

  it('says search is unavailable on a 503', async () => {
    const { container } = render(RelatedItems, {
      itemId: ITEM,
      itemTitle: 'AI infra',
      load: () => Promise.reject(new ApiError(503, 'SEARCH_UNAVAILABLE', 'down')),
    });
    await open(container.querySelector('details') as HTMLElement);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Search is unavailable right now, so related items cannot be found.',
      ),
    );
  });
});
