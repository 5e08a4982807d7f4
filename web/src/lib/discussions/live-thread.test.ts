import { describe, expect, it, vi } from 'vitest';
import { makeComment, makeThread } from '$lib/testing/factories';
import {
  ThreadSync,
  addOwnComment,
  applyThreadEvent,
  liveThreadFrom,
  markDeleted,
  mergeComments,
  type LiveThread,
  type ThreadEvent,
} from './live-thread';

function liveAt(lastSeq: number, comments = [makeComment({ id: 'a', seq: 1 })]): LiveThread {
  return liveThreadFrom({
    thread: makeThread({ lastSeq, commentCount: comments.length }),
    comments,
    nextAfterSeq: null,
  });
}

function created(seq: number, id = `new-${seq}`, parentId: string | null = null): ThreadEvent {
  return { type: 'comment.created', seq, comment: makeComment({ id, seq, parentId }) };
}

function applied(live: LiveThread, event: ThreadEvent): LiveThread {
  const outcome = applyThreadEvent(live, event);
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${outcome.kind}`);
  return outcome.live;
}

describe(applyThreadEvent.name, () => {
  it('applies the next event and moves the last seq', () => {
    const live = applied(liveAt(3), created(4));

    expect(live.lastSeq).toBe(4);
    expect(live.thread.lastSeq).toBe(4);
    expect(live.comments.map((comment) => comment.id)).toEqual(['a', 'new-4']);
    expect(live.thread.commentCount).toBe(2);
  });

  it('drops an event whose seq it already has (a replay or our own post seen twice)', () => {
    const live = applied(liveAt(3), created(4));

    expect(applyThreadEvent(live, created(4))).toEqual({ kind: 'duplicate' });
    expect(applyThreadEvent(live, created(2, 'older'))).toEqual({ kind: 'duplicate' });
  });

  it('reports a gap instead of applying an event that skips seqs', () => {
    expect(applyThreadEvent(liveAt(3), created(6))).toEqual({ kind: 'gap', lastSeq: 3 });
  });

  it('replaces a comment with the snapshot of an update, and counts a delete once', () => {
    const edited = makeComment({
      id: 'a',
      seq: 1,
      body: 'Edited',
      editedAt: '2026-05-07T10:00:00Z',
    });
    let live = applied(liveAt(1), { type: 'comment.updated', seq: 2, comment: edited });
    expect(live.comments).toEqual([edited]);
    expect(live.thread.commentCount).toBe(1);

    const tombstone = { ...edited, body: null, bodyHtml: null, deletedAt: '2026-05-07T11:00:00Z' };
    live = applied(live, { type: 'comment.deleted', seq: 3, comment: tombstone });
    expect(live.comments[0]?.deletedAt).toBe('2026-05-07T11:00:00Z');
    expect(live.thread.commentCount).toBe(0);
  });

  it('takes a state change from thread.updated', () => {
    const live = applied(liveAt(5), {
      type: 'thread.updated',
      seq: 6,
      thread: { state: 'resolved', outcome: 'Move training to the hydro region.' },
    });

    expect(live.thread.state).toBe('resolved');
    expect(live.thread.outcome).toBe('Move training to the hydro region.');
    expect(live.lastSeq).toBe(6);
  });
});

describe('our own comments', () => {
  it('counts a comment once whether its event or the POST answer comes first', () => {
    const comment = makeComment({ id: 'mine', seq: 2 });
    const event: ThreadEvent = { type: 'comment.created', seq: 2, comment };

    const answerFirst = applied(addOwnComment(liveAt(1), comment), event);
    const eventFirst = addOwnComment(applied(liveAt(1), event), comment);

    for (const live of [answerFirst, eventFirst]) {
      expect(live.comments.filter((c) => c.id === 'mine')).toHaveLength(1);
      expect(live.thread.commentCount).toBe(2);
      expect(live.lastSeq).toBe(2);
    }
  });

  it('does not move the last seq for a POST answer, so no event before it is skipped', () => {
    const live = addOwnComment(liveAt(1), makeComment({ id: 'mine', seq: 5 }));

    expect(live.lastSeq).toBe(1);
    expect(applyThreadEvent(live, created(2)).kind).toBe('applied');
  });

  it('turns a deleted comment into a tombstone once, even if the delete event also comes', () => {
    const tombstone = markDeleted(liveAt(1), 'a', '2026-05-07T11:00:00Z');
    const again = applied(tombstone, {
      type: 'comment.deleted',
      seq: 2,
      comment: {
        ...makeComment({ id: 'a', seq: 1 }),
        body: null,
        bodyHtml: null,
        deletedAt: '2026-05-07T11:00:00Z',
      },
    });

    expect(tombstone.comments[0]).toMatchObject({ body: null, bodyHtml: null, reactions: [] });
    expect(again.thread.commentCount).toBe(0);
  });

  it('adds only the comments of a later page that it lacks', () => {
    const live = applied(liveAt(299), created(300, 'live-one'));
    const merged = mergeComments(live, [
      makeComment({ id: 'live-one', seq: 300, body: 'stale' }),
      makeComment({ id: 'p2', seq: 201 }),
    ]);

    expect(merged.comments.map((comment) => comment.id)).toEqual(['a', 'p2', 'live-one']);
    expect(merged.comments.find((comment) => comment.id === 'live-one')?.body).not.toBe('stale');
  });
});

describe(ThreadSync.name, () => {
  function setup(lastSeq = 3) {
    let resolveJoin: () => void = () => undefined;
    const join = vi.fn(() => new Promise<void>((resolve) => (resolveJoin = resolve)));
    const onChange = vi.fn();
    const sync = new ThreadSync(liveAt(lastSeq), { join, onChange });
    return { sync, join, onChange, finishJoin: () => resolveJoin() };
  }

  it('asks for a replay from its last seq when it sees a gap, one request at a time', async () => {
    const { sync, join, finishJoin } = setup(3);

    expect(sync.receive(created(6))).toBe('gap');
    expect(sync.receive(created(7))).toBe('gap');
    expect(sync.receive(created(8))).toBe('gap');

    expect(join).toHaveBeenCalledTimes(1);
    expect(join).toHaveBeenCalledWith(3);

    // The replay fills the gap in order; the live copies that come again are dropped.
    for (const seq of [4, 5, 6, 7]) expect(sync.receive(created(seq))).toBe('applied');
    expect(sync.receive(created(6))).toBe('duplicate');
    expect(sync.live.lastSeq).toBe(7);
    expect(sync.live.comments).toHaveLength(5);

    // Seen during that replay, 8 may not be in it: one more request, from where the page now is.
    finishJoin();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(join).toHaveBeenCalledTimes(2);
    expect(join).toHaveBeenLastCalledWith(7);
  });

  it('re-joins from the last applied seq after a reconnect, even if one join is still on its way', async () => {
    const { sync, join, finishJoin } = setup(3);

    sync.resync();
    sync.receive(created(4));
    sync.resync(); // reconnected while the first join was unanswered

    expect(join).toHaveBeenCalledTimes(1);
    finishJoin();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(join).toHaveBeenLastCalledWith(4);
    expect(join).toHaveBeenCalledTimes(2);
  });

  it('tells the page about every change, and not about dropped events', () => {
    const { sync, onChange } = setup(3);

    sync.receive(created(4));
    sync.receive(created(4));
    sync.receive(created(9));

    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls[0]?.[0].lastSeq).toBe(4);
  });
});
