import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Integration } from '$lib/api/types';
import { makeGroup, makeUser } from '$lib/testing/factories';
import IntegrationsPage from './+page.svelte';

type Props = Parameters<typeof IntegrationsPage>[1];

const integration = (overrides: Partial<Integration>): Integration => ({
  id: 'int-1',
  name: 'Platform Weekly',
  series: 'Platform Weekly',
  visibility: 'team',
  groupIds: [],
  webhookUrl: 'https://briefroom.example.com/api/hooks/briefings?integration=int-1',
  createdBy: null,
  createdAt: '2026-05-01T08:00:00.000Z',
  lastUsedAt: null,
  lastError: null,
  revokedAt: null,
  ...overrides,
});

function show(integrations: Integration[], form: unknown = null) {
  const props = {
    data: {
      user: makeUser({ role: 'admin' }),
      integrations,
      groups: [makeGroup({ id: 'g-lead', name: 'Leadership' })],
      groupsProblem: null,
      now: Date.parse('2026-05-10T12:00:00.000Z'),
    },
    form,
    params: {},
  } as unknown as Props;
  render(IntegrationsPage, props);
}

describe('integrations page', () => {
  it('shows each integration’s series, readers, last use and last problem, with its controls', () => {
    show([
      integration({
        visibility: 'restricted',
        groupIds: ['g-lead'],
        lastUsedAt: '2026-05-10T11:00:00.000Z',
        lastError: 'The message has no HTML or text part to import.',
      }),
      integration({ id: 'int-2', name: 'Old feed', revokedAt: '2026-05-09T12:00:00.000Z' }),
    ]);

    const rows = screen.getAllByRole('row').slice(1);
    const live = within(rows[0] as HTMLElement);
    expect(live.getByText('Leadership')).toBeTruthy();
    expect(live.getByText('1 hour ago')).toBeTruthy();
    expect(live.getByText(/Last delivery not imported: The message has no HTML/)).toBeTruthy();
    expect(live.getByRole('button', { name: 'New secret for Platform Weekly' })).toBeTruthy();
    expect(live.getByRole('button', { name: 'Revoke Platform Weekly' })).toBeTruthy();
    const revoked = within(rows[1] as HTMLElement);
    expect(revoked.getByText(/Revoked/)).toBeTruthy();
    expect(revoked.queryByRole('button')).toBeNull();
  });

  it('shows a new integration’s address, webhook URL and secret once, to copy', () => {
    show([integration({})], {
      form: 'create',
      revealed: {
        name: 'Platform Weekly',
        emailAddress: 'briefings+abc@in.example.com',
        webhookUrl: 'https://briefroom.example.com/api/hooks/briefings?integration=int-1',
        webhookSecret: 'whsec_c2VjcmV0',
      },
    });

    expect(screen.getByRole('heading', { name: 'Set up Platform Weekly now' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Forward newsletters to').value).toBe(
      'briefings+abc@in.example.com',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Signing secret').value).toBe('whsec_c2VjcmV0');
    expect(screen.getByText(/shown only now/)).toBeTruthy();
  });

  it('says so when e-mail in is off on the server', () => {
    show([integration({})], {
      form: 'list',
      revealed: { name: 'Platform Weekly', emailAddress: null },
    });

    expect(screen.getByText(/E-mail in is off on this server/)).toBeTruthy();
    expect(screen.queryByLabelText('Signing secret')).toBeNull();
  });

  it('says there are none yet', () => {
    show([]);
    expect(screen.getByText('No integrations yet.')).toBeTruthy();
  });
});
