import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionItem } from '$lib/api/types';
import { makeAction } from '$lib/actions/test-factories';
import { realtimeContext } from '$lib/realtime/realtime';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import MyActionsPage from './+page.svelte';

const navigation = vi.hoisted(() => ({ invalidateAll: vi.fn(() => Promise.resolve()) }));
vi.mock('$app/navigation', () => navigation);

type Props = Parameters<typeof MyActionsPage>[1];

const ME = { id: 'me-id', displayName: 'Ada Lovelace', handle: 'ada' };
const MIA = { id: 'mia-id', displayName: 'Mia Chen', handle: 'mia' };
const LATER = '2026-05-07T12:00:00.000Z';

function setup(actions: ActionItem[]) {
  const realtime = new FakeRealtime();
  render(MyActionsPage, {
    props: {
      data: {
        actions,
        today: '2026-05-07',
        viewerId: ME.id,
        total: actions.length,
        truncated: false,
        canCreate: true,
        notice: null,
      },
      form: null,
      params: {},
    } as unknown as Props,
    context: realtimeContext(realtime),
  });
  return { realtime };
}

const group = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });
const titlesIn = (name: string) =>
  within(group(name))
    .queryAllByRole('link')
    .map((link) => link.textContent);

beforeEach(() => navigation.invalidateAll.mockClear());

describe('my actions page, live', () => {
  it('moves an action between groups, and drops one done or handed over, as they change', async () => {
    const soon = makeAction({ title: 'Soon', owner: ME, dueOn: '2026-05-09' });
    const undated = makeAction({ title: 'Undated', owner: ME });
    const handed = makeAction({ title: 'Handed over', owner: ME });
    const { realtime } = setup([soon, undated, handed]);
    expect(titlesIn('Due soon')).toEqual(['Soon']);

    realtime.serverSends('action.changed', {
      action: { ...undated, dueOn: '2026-05-08', updatedAt: LATER },
    });
    realtime.serverSends('action.changed', {
      action: { ...soon, status: 'done', updatedAt: LATER },
    });
    realtime.serverSends('action.changed', {
      action: { ...handed, owner: MIA, updatedAt: LATER },
    });
    await tick();

    expect(titlesIn('Due soon')).toEqual(['Undated']);
    expect(titlesIn('No due date')).toEqual([]);
  });

  it('offers a refresh for new actions of mine, not for anyone else’s', async () => {
    const { realtime } = setup([makeAction({ owner: ME })]);

    realtime.serverSends('action.changed', { action: makeAction({ owner: MIA }) });
    realtime.serverSends('action.changed', {
      action: makeAction({ owner: ME, status: 'cancelled' }),
    });
    await tick();
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();

    realtime.serverSends('action.changed', { action: makeAction({ owner: ME }) });
    await tick();
    const hint = screen.getByText('1 updated').closest('p') as HTMLElement;
    within(hint).getByRole('button', { name: 'Refresh' }).click();
    expect(navigation.invalidateAll).toHaveBeenCalledTimes(1);
  });

  it('subscribes again after a reconnection, and reloads what it may have missed', async () => {
    const { realtime } = setup([]);
    await tick();
    expect(realtime.actionSubscriptions).toBe(1);

    realtime.setStatus('reconnecting');
    await tick();
    expect(screen.getByText(/^Reconnecting…/)).toBeTruthy();
    realtime.setStatus('connected');
    await tick();

    expect(realtime.actionSubscriptions).toBe(2);
    expect(navigation.invalidateAll).toHaveBeenCalledTimes(1);
    expect(document.querySelector('.live-hint')?.getAttribute('data-live')).toBe('on');
  });
});
