import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ExportPage from './+page.svelte';

describe('admin export page', () => {
  it('downloads the archive from the admin-only API route and says what stays out', () => {
    render(ExportPage);
    const link = screen.getByRole('link', { name: 'Download the archive' });
    expect(link.getAttribute('href')).toBe('/api/admin/export');
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByText(/password hashes/)).toBeTruthy();
    expect(screen.getByText(/npm run restore/)).toBeTruthy();
  });
});
