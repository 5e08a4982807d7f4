import { describe, expect, it } from 'vitest';
import { FakeRealtime } from '$lib/testing/fake-realtime';
import type { ActionItem } from '$lib/api/types';
import { LiveRows, actionChanges, decisionChanges } from './live-rows.svelte';
import { makeAction, makeDecision } from './test-factories';

const LATER = '2026-05-07T12:00:00.000Z';
const EARLIER = '2026-05-07T08:00:00.000Z';

function setup(rows: ActionItem[], mayBelong?: (row: ActionItem) => boolean) {
  const reloads: number[] = [];
  const list = new LiveRows(rows, {
    changes: actionChanges,
    mayBelong,
    reload: () => reloads.push(1),
  });
  const realtime = new FakeRealtime();
  const stop = list.connect(realtime);
  return { list, realtime, reloads, stop };
}

describe(LiveRows.name, () => {
  it('changes a row it shows in place, keeping its position, and marks it', () => {
    const first = makeAction({ title: 'First' });
    const second = makeAction({ title: 'Second' });
    const { list, realtime } = setup([first, second]);

    realtime.serverSends('action.changed', {
      action: { ...first, status: 'done', updatedAt: LATER },
    });

    expect(list.rows.map((row) => [row.title, row.status])).toEqual([
      ['First', 'done'],
      ['Second', 'open'],
    ]);
    expect(list.changed.has(first.id)).toBe(true);
    expect(list.unseen).toBe(0);
  });

  it('keeps a newer copy when an older event arrives late', () => {
    const row = makeAction({ status: 'blocked', updatedAt: LATER });
    const { list, realtime } = setup([row]);

    realtime.serverSends('action.changed', {
      action: { ...row, status: 'in_progress', updatedAt: EARLIER },
    });

    expect(list.rows[0]?.status).toBe('blocked');
    expect(list.changed.size).toBe(0);
  });

  it('counts rows it does not show, each once, instead of guessing where they go', () => {
    const { list, realtime } = setup([makeAction()]);
    const elsewhere = makeAction({ title: 'Created by someone else' });

    realtime.serverSends('action.changed', { action: elsewhere });
    realtime.serverSends('action.changed', { action: { ...elsewhere, updatedAt: LATER } });
    realtime.serverSends('action.changed', { action: makeAction() });

    expect(list.unseen).toBe(2);
    expect(list.rows).toHaveLength(1);
  });

  it('counts only rows that may belong, when the event can tell', () => {
    const { list, realtime } = setup([], (row) => row.owner?.id === 'me');

    realtime.serverSends('action.changed', { action: makeAction({ owner: null }) });
    expect(list.unseen).toBe(0);
    realtime.serverSends('action.changed', {
      action: makeAction({ owner: { id: 'me', displayName: 'Me', handle: 'me' } }),
    });
    expect(list.unseen).toBe(1);
  });

  it('starts afresh from a new load', () => {
    const row = makeAction();
    const { list, realtime } = setup([row]);
    realtime.serverSends('action.changed', { action: { ...row, updatedAt: LATER } });
    realtime.serverSends('action.changed', { action: makeAction() });

    const reloaded = [makeAction({ title: 'Reloaded' })];
    list.reset(reloaded);

    expect(list.rows).toEqual(reloaded);
    expect(list.unseen).toBe(0);
    expect(list.changed.size).toBe(0);
  });

  it('subscribes on every connection and reloads after a reconnection only', async () => {
    const { list, realtime, reloads } = setup([]);
    await Promise.resolve();
    expect(realtime.actionSubscriptions).toBe(1);
    expect(list.live).toBe(true);
    expect(reloads).toEqual([]);

    realtime.setStatus('reconnecting');
    expect(list.connection).toBe('reconnecting');
    expect(list.live).toBe(false);
    realtime.setStatus('connected');
    await Promise.resolve();

    expect(realtime.actionSubscriptions).toBe(2);
    expect(list.live).toBe(true);
    expect(reloads).toEqual([1]);
  });

  it('is not live when the server refuses the subscription', async () => {
    const realtime = new FakeRealtime();
    realtime.subscribeAnswer = { ok: false };
    const list = new LiveRows([], { changes: actionChanges, reload: () => undefined });
    list.connect(realtime);
    await Promise.resolve();

    expect(list.live).toBe(false);
  });

  it('stops listening when asked', () => {
    const row = makeAction();
    const { list, realtime, stop } = setup([row]);

    stop();
    realtime.serverSends('action.changed', {
      action: { ...row, status: 'done', updatedAt: LATER },
    });

    expect(list.rows[0]?.status).toBe('open');
    expect(realtime.listenerCount('action.changed')).toBe(0);
  });

  it('keeps decisions current from decision.changed', () => {
    const decision = makeDecision();
    const list = new LiveRows([decision], { changes: decisionChanges, reload: () => undefined });
    const realtime = new FakeRealtime();
    list.connect(realtime);

    realtime.serverSends('action.changed', { action: makeAction() });
    realtime.serverSends('decision.changed', {
      decision: { ...decision, status: 'accepted', updatedAt: LATER },
    });

    expect(list.rows[0]?.status).toBe('accepted');
    expect(list.unseen).toBe(0);
  });
});
