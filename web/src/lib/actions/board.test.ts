import { describe, expect, it } from 'vitest';
import {
  applyMove,
  boardOf,
  findCard,
  neighbourColumn,
  planMove,
  receiveChange,
  rollBack,
} from './board';
import { makeAction } from './test-factories';

const titles = (list: readonly { title: string }[]) => list.map((a) => a.title);

describe('the board', () => {
  it('puts each action in its status column, most urgent and soonest first', () => {
    const board = boardOf([
      makeAction({ title: 'Low', priority: 'low' }),
      makeAction({ title: 'Urgent later', priority: 'urgent', dueOn: '2026-06-01' }),
      makeAction({ title: 'Urgent sooner', priority: 'urgent', dueOn: '2026-05-10' }),
      makeAction({ title: 'Blocked', status: 'blocked' }),
    ]);
    expect(titles(board.open)).toEqual(['Urgent sooner', 'Urgent later', 'Low']);
    expect(titles(board.blocked)).toEqual(['Blocked']);
    expect(board.done).toEqual([]);
  });
});

describe(planMove.name, () => {
  const open = makeAction({ status: 'open' });
  const done = makeAction({ status: 'done' });
  const board = boardOf([open, done]);

  it('plans a move the API allows', () => {
    expect(planMove(board, open.id, 'in_progress')).toEqual({
      id: open.id,
      from: 'open',
      to: 'in_progress',
      before: open,
    });
  });

  it('refuses a finished card anywhere but back to open, a non-move and an unknown card', () => {
    expect(planMove(board, done.id, 'blocked')).toBeNull();
    expect(planMove(board, done.id, 'open')).not.toBeNull();
    expect(planMove(board, open.id, 'open')).toBeNull();
    expect(planMove(board, 'no-such-card', 'done')).toBeNull();
  });
});

describe('an optimistic move', () => {
  it('moves the card at once and puts it back exactly when the server refuses', () => {
    const card = makeAction({ title: 'Card' });
    const board = boardOf([card, makeAction({ title: 'Other' })]);
    const move = planMove(board, card.id, 'blocked');
    if (!move) throw new Error('the move should be allowed');

    const moved = applyMove(board, move);
    expect(titles(moved.blocked)).toEqual(['Card']);
    expect(titles(moved.open)).toEqual(['Other']);

    expect(rollBack(moved, move)).toEqual(board);
  });

  it('keeps a newer change by someone else that arrived before the refusal', () => {
    const card = makeAction({ title: 'Card' });
    const board = boardOf([card]);
    const move = planMove(board, card.id, 'in_progress');
    if (!move) throw new Error('the move should be allowed');
    const moved = applyMove(board, move);
    const theirs = { ...card, status: 'done' as const, updatedAt: '2026-05-07T10:00:00.000Z' };
    const afterLive = receiveChange(moved, theirs, () => true);

    expect(rollBack(afterLive, move)).toBe(afterLive);
    expect(findCard(afterLive, card.id)?.status).toBe('done');
  });
});

describe(receiveChange.name, () => {
  const card = makeAction({ updatedAt: '2026-05-07T09:00:00.000Z' });
  const board = boardOf([card]);

  it('moves a card someone else changed', () => {
    const changed = { ...card, status: 'done' as const, updatedAt: '2026-05-07T09:05:00.000Z' };
    const next = receiveChange(board, changed, () => true);
    expect(next.open).toEqual([]);
    expect(next.done).toEqual([changed]);
  });

  it('ignores a change older than the card shown', () => {
    const stale = { ...card, status: 'blocked' as const, updatedAt: '2026-05-07T08:00:00.000Z' };
    expect(receiveChange(board, stale, () => true)).toBe(board);
  });

  it('adds a new action that belongs, drops one that no longer does', () => {
    const fresh = makeAction({ title: 'New' });
    expect(titles(receiveChange(board, fresh, () => true).open)).toContain('New');
    expect(receiveChange(board, fresh, () => false)).toEqual(board);
    const reassigned = { ...card, updatedAt: '2026-05-07T09:05:00.000Z' };
    expect(receiveChange(board, reassigned, () => false).open).toEqual([]);
  });
});

describe(neighbourColumn.name, () => {
  it('steps one column left or right, and stops at the edges', () => {
    expect(neighbourColumn('open', 1)).toBe('in_progress');
    expect(neighbourColumn('blocked', -1)).toBe('in_progress');
    expect(neighbourColumn('open', -1)).toBeNull();
  });

  it('skips columns a finished card may not enter', () => {
    expect(neighbourColumn('done', -1)).toBe('open');
    expect(neighbourColumn('done', 1)).toBeNull();
    expect(neighbourColumn('cancelled', -1)).toBe('open');
  });
});
