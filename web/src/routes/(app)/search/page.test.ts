import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SearchPage from './+page.svelte';

type Props = Parameters<typeof SearchPage>[1];

describe('search page', () => {
  it('echoes the query in a GET form and says search is still to come, with no fake results', () => {
    render(SearchPage, {
      data: { user: null, query: 'energy costs' },
      params: {},
    } as unknown as Props);

    const box = screen.getByRole('searchbox', { name: 'Search Briefroom' }) as HTMLInputElement;
    expect(box.name).toBe('q');
    expect(box.value).toBe('energy costs');
    expect(box.closest('form')?.getAttribute('method')?.toUpperCase()).toBe('GET');
    expect(screen.getByText('“energy costs”')).toBeTruthy();
    expect(screen.getByText(/Search arrives with the search feature/)).toBeTruthy();
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
  });
});
