// The thread as this page knows it, and how live events change it. Pure: no socket, no DOM.
//
// Every thread event carries the thread's next `seq`. The page remembers the last one it applied:
// an event at or below it is a duplicate (a replay, or our own post seen twice) and is dropped;
// one beyond the next is a gap (publishing after commit can reorder concurrent writers), so the
// page asks the server to replay from its last seq and applies nothing until the missing one comes.
import type { Comment, Thread, ThreadNote, ThreadPage } from '$lib/api/types';
import type { ThreadChange } from '$lib/realtime/events';

export interface LiveThread {
  thread: Thread;
  /** Ascending seq. */
  comments: Comment[];
  /** System notes (an action or decision changed status), ascending seq, between the comments. */
  notes: ThreadNote[];
  /** The last thread event applied; the page joins the socket room from here. */
  lastSeq: number;
  /** Where the next page of older-loaded comments starts; null when all are here. */
  nextAfterSeq: number | null;
}

export type ThreadEvent =
  | {
      type: 'comment.created' | 'comment.updated' | 'comment.deleted';
      seq: number;
      comment: Comment;
    }
  | { type: 'thread.updated'; seq: number; thread: ThreadChange }
  /** Takes a seq like any other event, so it must advance `lastSeq` (else: a false gap). */
  | { type: 'system.note'; seq: number; note: ThreadNote };

export type EventOutcome =
  | { kind: 'applied'; live: LiveThread }
  /** Already applied (or older than what the page loaded): nothing changes. */
  | { kind: 'duplicate' }
  /** Events between `lastSeq` and this one are missing: replay from `lastSeq`. */
  | { kind: 'gap'; lastSeq: number };

/** `notes`: the thread's stored system notes (`GET /threads/:id/notes`), if the page has them. */
export function liveThreadFrom(page: ThreadPage, notes: readonly ThreadNote[] = []): LiveThread {
  return {
    thread: page.thread,
    comments: [...page.comments].sort((a, b) => a.seq - b.seq),
    notes: [...notes].sort((a, b) => a.seq - b.seq),
    lastSeq: page.thread.lastSeq,
    nextAfterSeq: page.nextAfterSeq,
  };
}

export function applyThreadEvent(live: LiveThread, event: ThreadEvent): EventOutcome {
  if (event.seq <= live.lastSeq) return { kind: 'duplicate' };
  if (event.seq > live.lastSeq + 1) return { kind: 'gap', lastSeq: live.lastSeq };

  const next = { ...live, lastSeq: event.seq, thread: { ...live.thread, lastSeq: event.seq } };
  if (event.type === 'thread.updated') {
    next.thread = {
      ...next.thread,
      state: event.thread.state,
      outcome: event.thread.outcome,
      updatedAt: event.thread.updatedAt ?? next.thread.updatedAt,
    };
    return { kind: 'applied', live: next };
  }
  if (event.type === 'system.note') {
    // A note is never changed after it is written: one per seq.
    const notes = live.notes.filter((note) => note.seq !== event.seq);
    next.notes = [...notes, { ...event.note, seq: event.seq }].sort((a, b) => a.seq - b.seq);
    return { kind: 'applied', live: next };
  }

  const known = live.comments.find((comment) => comment.id === event.comment.id);
  if (event.type === 'comment.created' && !known) {
    next.thread.commentCount += 1;
  }
  if (event.type === 'comment.deleted' && known && known.deletedAt === null) {
    next.thread.commentCount = Math.max(0, next.thread.commentCount - 1);
  }
  // An event snapshot is always the newest state of its comment: it replaces whatever we had.
  // A comment on a page not loaded yet comes in too (as an orphan until its parent loads).
  next.comments = upsert(live.comments, event.comment);
  return { kind: 'applied', live: next };
}

/**
 * Comments from elsewhere than the event stream: the answer to our own post, or the next page.
 * Only the ones the page lacks are added; those it has are kept up to date by events already.
 * `lastSeq` does not move, so no event is skipped because of them.
 */
export function mergeComments(live: LiveThread, comments: readonly Comment[]): LiveThread {
  const known = new Set(live.comments.map((comment) => comment.id));
  const fresh = comments.filter((comment) => !known.has(comment.id));
  if (fresh.length === 0) return live;
  return { ...live, comments: [...live.comments, ...fresh].sort((a, b) => a.seq - b.seq) };
}

/** Our own new comment, from the API's answer; its event may come before or after, and counts once. */
export function addOwnComment(live: LiveThread, comment: Comment): LiveThread {
  if (live.comments.some((existing) => existing.id === comment.id)) return live;
  return {
    ...live,
    thread: { ...live.thread, commentCount: live.thread.commentCount + 1 },
    comments: upsert(live.comments, comment),
  };
}

/** A comment as the answer to our own edit or reaction: newer than what the page shows. */
export function replaceComment(live: LiveThread, comment: Comment): LiveThread {
  return { ...live, comments: upsert(live.comments, comment) };
}

/** Our own delete went through (the API answers 204): the comment becomes a tombstone. */
export function markDeleted(live: LiveThread, commentId: string, at: string): LiveThread {
  const comment = live.comments.find((existing) => existing.id === commentId);
  if (!comment || comment.deletedAt !== null) return live;
  return {
    ...live,
    thread: { ...live.thread, commentCount: Math.max(0, live.thread.commentCount - 1) },
    comments: upsert(live.comments, {
      ...comment,
      body: null,
      bodyHtml: null,
      deletedAt: at,
      reactions: [],
    }),
  };
}

/** The thread as our own state change or follow left it; `lastSeq` stays the events' business. */
export function changeThread(
  live: LiveThread,
  change: Partial<Pick<Thread, 'state' | 'outcome' | 'updatedAt' | 'following' | 'shortTitle'>>,
): LiveThread {
  return { ...live, thread: { ...live.thread, ...change } };
}

function upsert(comments: readonly Comment[], comment: Comment): Comment[] {
  const index = comments.findIndex((existing) => existing.id === comment.id);
  if (index === -1) return [...comments, comment].sort((a, b) => a.seq - b.seq);
  const copy = [...comments];
  copy[index] = comment;
  return copy;
}

export interface ThreadSyncOptions {
  /** Asks the server to replay every event after `sinceSeq`; resolves when it acknowledged. */
  join: (sinceSeq: number) => Promise<unknown>;
  onChange: (live: LiveThread) => void;
}

/**
 * Feeds socket events through `applyThreadEvent` and keeps at most one replay request in flight
 * (plus at most one queued behind it): a burst of out-of-order events asks once or twice, and the
 * replays fill the gap in order.
 */
export class ThreadSync {
  #live: LiveThread;
  #joining = false;
  #rejoinAfter = false;

  constructor(
    initial: LiveThread,
    private readonly options: ThreadSyncOptions,
  ) {
    this.#live = initial;
  }

  get live(): LiveThread {
    return this.#live;
  }

  /** Joins (or re-joins after a reconnect) from the last applied seq. */
  resync(): void {
    if (this.#joining) {
      this.#rejoinAfter = true;
      return;
    }
    this.#joining = true;
    const settle = () => {
      this.#joining = false;
      if (this.#rejoinAfter) {
        this.#rejoinAfter = false;
        this.resync();
      }
    };
    this.options.join(this.#live.lastSeq).then(settle, settle);
  }

  receive(event: ThreadEvent): EventOutcome['kind'] {
    const outcome = applyThreadEvent(this.#live, event);
    if (outcome.kind === 'applied') this.#set(outcome.live);
    // A gap event is dropped, so it must come again: from a replay now, or, when one is already
    // on its way (which may have been read before this event existed), from one more after it.
    if (outcome.kind === 'gap') this.resync();
    return outcome.kind;
  }

  update(change: (live: LiveThread) => LiveThread): void {
    this.#set(change(this.#live));
  }

  #set(live: LiveThread): void {
    if (live === this.#live) return;
    this.#live = live;
    this.options.onChange(live);
  }
}
