import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ActionItem } from '$lib/api/types';
import { NO_FILTERS } from '$lib/actions/filters';
import { makeAction } from '$lib/actions/test-factories';
import { realtimeContext } from '$lib/realtime/realtime';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import ActionsPage from './+page.svelte';

vi.mock('$app/navigation', () => ({ invalidateAll: vi.fn(() => Promise.resolve()) }));

type Props = Parameters<typeof ActionsPage>[1];

function setup(actions: ActionItem[]) {
  const realtime = new FakeRealtime();
  render(ActionsPage, {
    props: {
      data: {
        filters: { ...NO_FILTERS, status: ['open'] },
        actions,
        listProblem: null,
        filtered: true,
        hasNextPage: false,
        exportHref: '/api/actions/export.csv?status=open',
        people: [],
        briefings: [],
        tags: [],
        canCreate: true,
        viewerId: 'me-id',
      },
      params: {},
    } as unknown as Props,
    context: realtimeContext(realtime),
  });
  return { realtime };
}

const rowOf = (title: string) =>
  screen.getByRole('link', { name: title }).closest('tr') as HTMLElement;

describe('actions list, live', () => {
  it('changes a listed row in place, and counts new ones instead of filtering them here', async () => {
    const grid = makeAction({ title: 'Grid dates' });
    const { realtime } = setup([grid, makeAction({ title: 'Vendor review' })]);
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();

    realtime.serverSends('action.changed', {
      action: { ...grid, status: 'blocked', updatedAt: '2026-05-07T12:00:00.000Z' },
    });
    realtime.serverSends('action.changed', { action: makeAction({ title: 'Made elsewhere' }) });
    realtime.serverSends('action.changed', { action: makeAction({ status: 'done' }) });
    await tick();

    expect(within(rowOf('Grid dates')).getByText('Blocked')).toBeTruthy();
    expect(rowOf('Grid dates').classList.contains('changed')).toBe(true);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByText('2 updated')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeTruthy();
  });
});
