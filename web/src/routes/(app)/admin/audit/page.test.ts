import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '$lib/api/types';
import { makeUser } from '$lib/testing/factories';
import AuditPage from './+page.svelte';

type Props = Parameters<typeof AuditPage>[1];

const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
  id: 'e-1',
  at: '2026-12-07T10:00:00.000Z',
  actor: { id: 'u-1', email: 'ada@example.com', displayName: 'Ada' },
  action: 'admin.user.role_changed',
  target: { type: 'user', id: 'u-2' },
  ip: '203.0.113.7',
  details: { from: 'viewer', to: 'editor' },
  ...overrides,
});

function show(data: Record<string, unknown>) {
  // Only the page data this test needs, hence the assertion to the page's props.
  const props = {
    data: {
      user: makeUser({ role: 'admin' }),
      filters: {},
      events: [],
      problem: null,
      paged: false,
      firstHref: '/admin/audit',
      nextHref: null,
      csvHref: '/api/admin/audit.csv',
      ...data,
    },
    params: {},
  } as unknown as Props;
  render(AuditPage, props);
}

describe('audit log page', () => {
  it('lists who did what to what, from where, with links that narrow the list', () => {
    show({
      filters: { action: 'admin.' },
      events: [
        event({}),
        event({
          id: 'e-2',
          actor: { id: null, email: 'nobody@example.com', displayName: null },
          action: 'auth.sign_in.failed',
          target: null,
          ip: '198.51.100.23',
          details: { lockedOut: false },
        }),
      ],
    });

    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(within(first).getByText('admin.user.role_changed')).toBeTruthy();
    expect(within(first).getByText('203.0.113.7')).toBeTruthy();
    expect(within(first).getByText('from: viewer')).toBeTruthy();
    expect(
      within(first).getByRole('link', { name: 'Ada (ada@example.com)' }).getAttribute('href'),
    ).toBe('/admin/audit?action=admin.&actorId=u-1');
    expect(within(first).getByRole('link', { name: 'user u-2' }).getAttribute('href')).toBe(
      '/admin/audit?action=admin.&targetType=user&targetId=u-2',
    );
    // A failed sign-in names the e-mail tried, with no account to link to.
    expect(within(second).getByText('nobody@example.com')).toBeTruthy();
    expect(within(second).queryAllByRole('link')).toEqual([]);
  });

  it('keeps the filters in a GET form that works without JavaScript', () => {
    show({ filters: { action: 'auth.', from: '2026-12-01' } });

    const form = screen.getByRole('button', { name: 'Filter' }).closest('form') as HTMLFormElement;
    expect(form.getAttribute('method')).toBe('GET');
    expect(screen.getByLabelText<HTMLInputElement>('Event').value).toBe('auth.');
    expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('2026-12-01');
    expect(screen.getByText('No events match these filters.')).toBeTruthy();
  });

  it('links the CSV with the same filters and the next page', () => {
    show({
      events: [event({})],
      csvHref: '/api/admin/audit.csv?action=auth.',
      nextHref: '/admin/audit?action=auth.&cursor=c2',
      paged: true,
    });

    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/admin/audit.csv?action=auth.',
    );
    expect(screen.getByRole('link', { name: 'Older events' }).getAttribute('href')).toBe(
      '/admin/audit?action=auth.&cursor=c2',
    );
    expect(screen.getByRole('link', { name: 'Newest events' }).getAttribute('href')).toBe(
      '/admin/audit',
    );
  });

  it('says why the filters were refused', () => {
    show({ problem: 'from must be a date like 2026-12-01.' });

    expect(screen.getByRole('alert').textContent).toContain('from must be a date');
  });
});
