import { describe, expect, it } from 'vitest';
import { ApiError } from '$lib/api/client';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import { BoardState } from './board-state.svelte';
import type { ActionItem, ActionStatus } from '$lib/api/types';
import { makeAction } from './test-factories';

function setup(save: (id: string, status: ActionStatus) => Promise<ActionItem>) {
  const card = makeAction({ title: 'Grid dates' });
  const reloads: number[] = [];
  const view = new BoardState([card], {
    save,
    belongs: () => true,
    reload: () => reloads.push(1),
  });
  return { card, view, reloads };
}

describe(BoardState.name, () => {
  it('moves at once, keeps the saved copy and announces the move', async () => {
    const { card, view } = setup(async (_id, status) => ({
      ...card,
      status,
      updatedAt: '2026-05-07T10:00:00.000Z',
    }));
    const pending = view.move(card.id, 'in_progress');
    expect(view.board.in_progress.map((a) => a.id)).toEqual([card.id]);
    await pending;
    expect(view.board.in_progress[0]?.updatedAt).toBe('2026-05-07T10:00:00.000Z');
    expect(view.announcement).toBe('Moved “Grid dates” to In progress.');
    expect(view.problem).toBeNull();
  });

  it('rolls back with the API sentence on a 409 or a 403', async () => {
    for (const refusal of [
      new ApiError(409, 'CONFLICT', 'An action item cannot go from open to blocked.'),
      new ApiError(
        403,
        'FORBIDDEN',
        'Only its owner, its creator or an editor can change this action item.',
      ),
    ]) {
      const { card, view } = setup(() => Promise.reject(refusal));
      await view.move(card.id, 'blocked');
      expect(view.board.open.map((a) => a.id)).toEqual([card.id]);
      expect(view.board.blocked).toEqual([]);
      expect(view.problem).toBe(`“Grid dates” stayed in Open: ${refusal.message}`);
    }
  });

  it('does not even try a move the API would refuse', async () => {
    const calls: string[] = [];
    const done = makeAction({ status: 'done', title: 'Shipped' });
    const view = new BoardState([done], {
      save: async (id) => {
        calls.push(id);
        return done;
      },
      belongs: () => true,
      reload: () => undefined,
    });
    expect(await view.move(done.id, 'blocked')).toBe(false);
    expect(calls).toEqual([]);
    expect(view.announcement).toMatch(/cannot go from Done to Blocked/);
  });

  it('subscribes on every connection, applies live changes and reloads after a reconnection', async () => {
    const { card, view, reloads } = setup(async () => card);
    const realtime = new FakeRealtime();
    const stop = view.connect(realtime);
    expect(realtime.actionSubscriptions).toBe(1);
    await Promise.resolve();
    expect(view.live).toBe(true);

    realtime.serverSends('action.changed', {
      action: { ...card, status: 'done', updatedAt: '2026-05-07T11:00:00.000Z' },
    });
    expect(view.board.done.map((a) => a.id)).toEqual([card.id]);
    expect(view.announcement).toBe('“Grid dates” moved to Done.');

    realtime.setStatus('reconnecting');
    expect(view.connection).toBe('reconnecting');
    expect(view.live).toBe(false);
    realtime.setStatus('connected');
    expect(realtime.actionSubscriptions).toBe(2);
    expect(reloads).toHaveLength(1);

    expect(realtime.actionReleases).toBe(0);
    stop();
    expect(realtime.listenerCount('action.changed')).toBe(0);
    expect(realtime.actionReleases).toBe(1);
  });
});
