import { describe, expect, it, vi } from 'vitest';
import { buildCommentTree } from '$lib/discussions/comment-tree';
import {
  ThreadSync,
  applyThreadEvent,
  liveThreadFrom,
  type LiveThread,
  type ThreadEvent,
} from '$lib/discussions/live-thread';
import type { ThreadNote } from '$lib/api/types';
import { makeComment, makeThread } from '$lib/testing/factories';
import { noteSentence, noteText, shownNotes, timelineOf } from './timeline';

const thread = makeThread();
const ACTION_ID = 'aa000000-0000-4000-8000-000000000001';
const DECISION_ID = 'dd000000-0000-4000-8000-000000000001';

function note(seq: number, overrides: Partial<ThreadNote> = {}): ThreadNote {
  return {
    threadId: thread.id,
    seq,
    kind: 'action.status',
    actionId: ACTION_ID,
    title: 'Review vendor exposure',
    from: 'open',
    to: 'done',
    by: { id: 'ada-id', displayName: 'Ada' },
    at: '2026-05-07T10:00:00.000Z',
    ...overrides,
  };
}

function liveAt(lastSeq: number, notes: ThreadNote[] = []): LiveThread {
  return liveThreadFrom(
    {
      thread: makeThread({ lastSeq, commentCount: 1 }),
      comments: [makeComment({ id: 'c1', seq: 1 })],
      nextAfterSeq: null,
    },
    notes,
  );
}

const noteEvent = (seq: number, overrides: Partial<ThreadNote> = {}): ThreadEvent => ({
  type: 'system.note',
  seq,
  note: note(seq, overrides),
});

const commentEvent = (seq: number): ThreadEvent => ({
  type: 'comment.created',
  seq,
  comment: makeComment({ id: `c${seq}`, seq }),
});

describe('seq bookkeeping with system notes', () => {
  it('applies a note as the next event: lastSeq moves, the comments do not', () => {
    const outcome = applyThreadEvent(liveAt(1), noteEvent(2));

    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    expect(outcome.live.lastSeq).toBe(2);
    expect(outcome.live.thread.lastSeq).toBe(2);
    expect(outcome.live.thread.commentCount).toBe(1);
    expect(outcome.live.comments.map((comment) => comment.id)).toEqual(['c1']);
    expect(outcome.live.notes).toEqual([note(2)]);
  });

  it('takes the comment after a note as the next event, not as a gap', () => {
    const afterNote = applyThreadEvent(liveAt(1), noteEvent(2));
    if (afterNote.kind !== 'applied') throw new Error('note not applied');

    const outcome = applyThreadEvent(afterNote.live, commentEvent(3));

    expect(outcome.kind).toBe('applied');
  });

  it('drops a note it already has (a replay, or the stored copy the page loaded)', () => {
    const loaded = liveAt(2, [note(2)]);

    expect(applyThreadEvent(loaded, noteEvent(2)).kind).toBe('duplicate');
    expect(applyThreadEvent(loaded, noteEvent(1)).kind).toBe('duplicate');
  });

  it('sees a gap when a note skips ahead, and fills it in order from the replay', async () => {
    const joins: number[] = [];
    const sync = new ThreadSync(liveAt(1), {
      join: (sinceSeq) => {
        joins.push(sinceSeq);
        return Promise.resolve();
      },
      onChange: vi.fn(),
    });

    expect(sync.receive(noteEvent(3))).toBe('gap');
    expect(sync.live.notes).toEqual([]);
    expect(joins).toEqual([1]);
    await Promise.resolve();

    // The replay: the comment it missed, then the note again.
    expect(sync.receive(commentEvent(2))).toBe('applied');
    expect(sync.receive(noteEvent(3))).toBe('applied');
    expect(sync.receive(noteEvent(3))).toBe('duplicate');
    expect(sync.live.lastSeq).toBe(3);
    expect(sync.live.notes.map((n) => n.seq)).toEqual([3]);
    expect(joins).toEqual([1]);
  });

  it('starts from the stored notes in seq order', () => {
    const live = liveAt(5, [note(4), note(2)]);

    expect(live.notes.map((n) => n.seq)).toEqual([2, 4]);
    expect(live.lastSeq).toBe(5);
  });
});

describe('timelineOf', () => {
  it('puts each note after the top-level comment before it, with its replies', () => {
    const first = makeComment({ id: 'first', seq: 1 });
    const reply = makeComment({ id: 'reply', seq: 4, parentId: 'first' });
    const second = makeComment({ id: 'second', seq: 5 });
    const roots = buildCommentTree([first, reply, second]);

    const entries = timelineOf(roots, [note(6), note(2), note(3)]);

    expect(entries.map((entry) => entry.key)).toEqual([
      'first',
      'note-2',
      'note-3',
      'second',
      'note-6',
    ]);
    const firstEntry = entries[0];
    expect(firstEntry?.kind === 'comment' && firstEntry.node.replies[0]?.comment.id).toBe('reply');
  });

  it('lists notes alone when there are no comments', () => {
    expect(timelineOf([], [note(1)]).map((entry) => entry.key)).toEqual(['note-1']);
  });
});

describe('shownNotes', () => {
  const notes = [note(2), note(8), note(12)];

  it('shows every note when all comments are loaded', () => {
    expect(shownNotes(notes, null, 10)).toEqual(notes);
  });

  it('holds back notes among comments not loaded yet, but not those that arrived live', () => {
    expect(shownNotes(notes, 5, 10).map((n) => n.seq)).toEqual([2, 12]);
  });
});

describe('noteSentence', () => {
  it('says who moved which action from what to what, linking to the action', () => {
    expect(noteSentence(note(1, { from: 'in_progress', to: 'done' }))).toEqual({
      actor: 'Ada',
      lead: 'moved ',
      subject: '“Review vendor exposure”',
      target: { kind: 'action', id: ACTION_ID },
      tail: ' from in progress to done',
    });
    expect(noteText(note(1))).toBe('Ada moved “Review vendor exposure” from open to done.');
  });

  it('says "an action" when the viewer may not know its title', () => {
    expect(noteText(note(1, { title: null }))).toBe('Ada moved an action from open to done.');
  });

  it('tells a decision proposed, decided, and recorded as accepted', () => {
    const decision = (overrides: Partial<ThreadNote>) =>
      note(1, {
        kind: 'decision.status',
        actionId: undefined,
        decisionId: DECISION_ID,
        title: 'Grid first',
        ...overrides,
      });

    expect(noteText(decision({ from: null, to: 'proposed' }))).toBe(
      'Ada proposed the decision “Grid first”.',
    );
    expect(noteText(decision({ from: 'proposed', to: 'accepted' }))).toBe(
      'Ada moved the decision “Grid first” from proposed to accepted.',
    );
    expect(noteText(decision({ from: null, to: 'accepted', title: null }))).toBe(
      'Ada recorded a decision as accepted.',
    );
    expect(noteSentence(decision({})).target).toEqual({ kind: 'decision', id: DECISION_ID });
  });

  it('names no one it cannot, and shows a status it does not know as sent', () => {
    expect(noteText(note(1, { by: null, from: 'open', to: 'on_hold' }))).toBe(
      'Someone moved “Review vendor exposure” from open to on hold.',
    );
    expect(noteSentence(note(1, { actionId: undefined })).target).toBeNull();
  });
});
