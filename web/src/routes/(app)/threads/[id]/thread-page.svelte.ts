// What the thread page knows and shows, shared by its components through context: the live
// thread (kept by ThreadSync), who is looking, and which comment is being replied to or edited.
import { getContext, setContext, tick } from 'svelte';
import { browserApi } from '$lib/api/browser';
import { nowIso } from '$lib/dates';
import { buildCommentTree, pathTo, type CommentNode } from '$lib/discussions/comment-tree';
import {
  ThreadSync,
  addOwnComment,
  changeThread,
  liveThreadFrom,
  markDeleted,
  mergeComments,
  replaceComment,
  type LiveThread,
  type ThreadEvent,
} from '$lib/discussions/live-thread';
import { quoteOf } from '$lib/discussions/mentions';
import type {
  Comment,
  CommentRevision,
  Person,
  Thread,
  ThreadNote,
  ThreadPage,
} from '$lib/api/types';
import type { ConnectionStatus, Realtime } from '$lib/realtime/realtime';
import { acceptedDecisionsQuery, reachedDecisions, type ReachedDecision } from './follow-ups';
import { noteText, shownNotes, timelineOf, type TimelineEntry } from './timeline';

export interface Viewer {
  id: string;
  canDiscuss: boolean;
  canModerate: boolean;
}

export interface ThreadPageInput {
  page: ThreadPage;
  viewer: Viewer;
  requested: {
    reply: string | null;
    quote: boolean;
    edit: string | null;
    remove: string | null;
    /** The comment whose reaction choices the address asked for (?react=<id>); optional in tests. */
    react?: string | null;
  };
  /** Earlier versions of one comment, when the address asked for them (?history=<id>). */
  history: { commentId: string; value: CommentRevision[] | null; problem: string | null } | null;
  /** The Idempotency-Key of a reply composer shown by the server (?reply=<id>). */
  replyDraftKey: string;
  /** What a form posted without JavaScript came back with, if it failed. */
  failure: FormFailure | null;
  now: number;
  /** The thread's stored system notes, oldest first (none when they could not be loaded). */
  notes?: ThreadNote[];
  /** Accepted decisions proposed in or linked to the thread: shown at the top. */
  decisions?: ReachedDecision[];
}

/** A reply box the server shows open: asked for (?reply=), or back from a failed post. */
export interface ServerReply {
  commentId: string;
  draftKey: string;
  error: string | null;
}

/** A refusal that came back from a form posted without JavaScript. */
export interface FormFailure {
  form?: string;
  message?: string;
  body?: string;
  parentId?: string | null;
  idempotencyKey?: string;
  outcome?: string;
}

const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 2_000;
const MARK_READ_AFTER_MS = 1_500;

export class ThreadPageState {
  readonly viewer: Viewer;
  readonly threadId: string;
  /**
   * Comments after this seq are new to the viewer (set once, from their previous visit); null on
   * their first visit, when nothing is marked new. 0 is a visit to an empty thread: all is new.
   */
  readonly newSince: number | null;
  readonly sync: ThreadSync;
  readonly initialHistory: ThreadPageInput['history'];
  readonly serverReply: ServerReply | null;

  /** The thread's last seq when the page was loaded: later notes arrived live. */
  readonly lastSeqAtLoad: number;

  live: LiveThread = $state.raw() as LiveThread;
  tree: CommentNode[] = $derived(buildCommentTree(this.live.comments));
  /** Top-level comments and system notes in the order they happened. */
  timeline: TimelineEntry[] = $derived.by(() =>
    timelineOf(this.tree, shownNotes(this.live.notes, this.live.nextAfterSeq, this.lastSeqAtLoad)),
  );
  /** The decisions the discussion reached (accepted), shown at the top; kept current live. */
  decisions: ReachedDecision[] = $state.raw([]);

  replyingTo: string | null = $state(null);
  /** The reply composer's starting text, e.g. a quote. */
  replyText = $state('');
  editing: string | null = $state(null);
  /** The comment whose reaction choices are open (one at a time). */
  reacting: string | null = $state(null);
  removing: string | null = $state(null);
  /**
   * Comments whose replies must be shown (on the way to a permalink or a new comment): a few ids,
   * replaced when it grows (a SvelteSet would add its code to the page's first load).
   */
  revealed: readonly string[] = $state.raw([]);
  /** The comment a permalink or a post pointed at. */
  highlighted: string | null = $state(null);
  /** The clock relative times are measured from. */
  now = $state(0);

  connection: ConnectionStatus = $state('connecting');
  /** Set when the server took this tab out of the thread: access revoked, or the session ended. */
  lost: 'access' | 'session' | null = $state(null);
  readers: number | null = $state(null);
  #typists: Array<{ id: string; name: string; until: number }> = $state([]);
  /** Spoken by screen readers (aria-live): new comments, posting. */
  announcement = $state('');

  #realtime: Realtime | null = null;
  #lastTypingSent = 0;
  #markReadTimer: ReturnType<typeof setTimeout> | undefined;
  #decisionsAsked = 0;

  constructor(input: ThreadPageInput) {
    this.viewer = input.viewer;
    this.initialHistory = input.history;
    const failedReply =
      input.failure?.form === 'comment' && input.failure.parentId ? input.failure : null;
    if (failedReply?.parentId) {
      this.serverReply = {
        commentId: failedReply.parentId,
        draftKey: failedReply.idempotencyKey ?? input.replyDraftKey,
        error: failedReply.message ?? null,
      };
    } else if (input.requested.reply) {
      this.serverReply = {
        commentId: input.requested.reply,
        draftKey: input.replyDraftKey,
        error: null,
      };
    } else {
      this.serverReply = null;
    }
    this.threadId = input.page.thread.id;
    this.newSince = input.page.thread.lastReadSeq;
    this.now = input.now;
    this.replyingTo = this.serverReply?.commentId ?? null;
    const quoted = input.page.comments.find((comment) => comment.id === input.requested.reply);
    this.replyText =
      failedReply?.body ?? (input.requested.quote && quoted?.body ? quoteOf(quoted.body) : '');
    this.editing = input.requested.edit;
    this.reacting = input.requested.react ?? null;
    this.removing = input.requested.remove;
    this.lastSeqAtLoad = input.page.thread.lastSeq;
    this.decisions = input.decisions ?? [];
    this.sync = new ThreadSync(liveThreadFrom(input.page, input.notes ?? []), {
      join: (sinceSeq) => this.#join(sinceSeq),
      onChange: (live) => {
        this.live = live;
      },
    });
    this.live = this.sync.live;
  }

  get thread(): Thread {
    return this.live.thread;
  }

  /** Comments by others that arrived since the viewer's previous visit (none on a first visit). */
  get newComments(): Comment[] {
    if (this.newSince === null) return [];
    return this.live.comments.filter((comment) => this.isNew(comment));
  }

  isNew(comment: Comment): boolean {
    return (
      this.newSince !== null &&
      comment.seq > this.newSince &&
      comment.deletedAt === null &&
      comment.author?.id !== this.viewer.id
    );
  }

  mayChange(comment: Comment): boolean {
    return (
      this.viewer.canDiscuss &&
      comment.deletedAt === null &&
      (comment.author?.id === this.viewer.id || this.viewer.canModerate)
    );
  }

  get typingLine(): string {
    const names = this.#typists.filter((typist) => typist.until > this.now).map((t) => t.name);
    if (names.length === 0) return '';
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
    return 'Several people are typing…';
  }

  // Live connection

  /** Starts listening; returns the function that stops. Browser only. */
  connect(realtime: Realtime): () => void {
    this.#realtime = realtime;
    const forThisThread =
      <T extends { threadId: string }>(handle: (event: T) => void) =>
      (event: T) => {
        if (event.threadId === this.threadId) handle(event);
      };
    const onComment = (type: 'comment.created' | 'comment.updated' | 'comment.deleted') =>
      forThisThread((event: { threadId: string; seq: number; comment: Comment }) =>
        this.receive({ type, seq: event.seq, comment: event.comment }),
      );
    const stops = [
      realtime.on('comment.created', onComment('comment.created')),
      realtime.on('comment.updated', onComment('comment.updated')),
      realtime.on('comment.deleted', onComment('comment.deleted')),
      realtime.on(
        'thread.updated',
        forThisThread((event) =>
          this.receive({ type: 'thread.updated', seq: event.seq, thread: event.thread }),
        ),
      ),
      realtime.on(
        'system.note',
        forThisThread((note) => this.receive({ type: 'system.note', seq: note.seq, note })),
      ),
      realtime.on(
        'presence',
        forThisThread((event) => {
          this.readers = event.readers;
        }),
      ),
      realtime.on(
        'typing',
        forThisThread((event) => {
          if (event.user.id === this.viewer.id) return;
          const until = Date.now() + TYPING_SHOWN_MS;
          this.now = Date.now();
          this.#typists = [
            ...this.#typists.filter((typist) => typist.id !== event.user.id),
            { id: event.user.id, name: event.user.displayName, until },
          ];
          // Moving the clock past `until` is what hides the line again.
          setTimeout(() => {
            this.now = Date.now();
          }, TYPING_SHOWN_MS + 100);
        }),
      ),
      realtime.on('access:revoked', (event) => {
        if (event.room === `thread:${this.threadId}`) this.lost = 'access';
      }),
      realtime.on('session:ended', (event) => {
        if (event.code !== 'RATE_LIMITED') this.lost = 'session';
      }),
      realtime.status.subscribe((status) => {
        this.connection = status;
        // The first connection and every reconnection join from the last seq applied.
        if (status === 'connected' && this.lost !== 'access') this.sync.resync();
      }),
    ];
    return () => {
      stops.forEach((stop) => stop());
      realtime.leaveThread(this.threadId);
      this.#realtime = null;
      clearTimeout(this.#markReadTimer);
    };
  }

  receive(event: ThreadEvent): void {
    const isNewComment =
      event.type === 'comment.created' &&
      !this.live.comments.some((comment) => comment.id === event.comment.id);
    const outcome = this.sync.receive(event);
    if (outcome !== 'applied') return;
    if (event.type === 'system.note') {
      this.announcement = noteText(event.note);
      if (event.note.kind === 'decision.status') this.refreshDecisions();
    }
    if (isNewComment && event.type === 'comment.created') {
      const author = event.comment.author;
      if (author?.id !== this.viewer.id) {
        this.announcement = `New comment from ${author?.displayName ?? 'someone'}.`;
        this.#typists = this.#typists.filter((typist) => typist.id !== author?.id);
      }
    }
    this.scheduleMarkRead();
  }

  /** A decision tied to the thread changed status: the block at the top may change with it. */
  refreshDecisions(): void {
    const asked = ++this.#decisionsAsked;
    browserApi()
      .listDecisions(acceptedDecisionsQuery(this.threadId))
      .then(reachedDecisions)
      .then((decisions) => {
        // Two changes in a row: only the answer to the last question counts.
        if (asked === this.#decisionsAsked) this.decisions = decisions;
      })
      .catch(() => {
        // The block keeps what it showed; the next note or a reload tries again.
      });
  }

  async #join(sinceSeq: number): Promise<void> {
    const realtime = this.#realtime;
    if (!realtime) return;
    const ack = await realtime.joinThread(this.threadId, sinceSeq);
    // The server replays a bounded number of events per join: ask again for the rest.
    if (ack.ok && ack.complete === false) queueMicrotask(() => this.sync.resync());
  }

  /** Tells the others the viewer is typing, at most every two seconds. */
  typing(): void {
    const now = Date.now();
    if (!this.#realtime || now - this.#lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.#lastTypingSent = now;
    this.#realtime.typing(this.threadId);
  }

  /** Remembers, shortly after things settle and while the page is seen, how far the viewer read. */
  scheduleMarkRead(): void {
    clearTimeout(this.#markReadTimer);
    this.#markReadTimer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      browserApi()
        .markThreadRead(this.threadId, this.live.lastSeq)
        .catch(() => {
          // Only "new since your last visit" depends on it; the next visit tries again.
        });
    }, MARK_READ_AFTER_MS);
  }

  // What the viewer does

  startReply(comment: Comment, quote = false): void {
    this.editing = null;
    this.removing = null;
    this.replyingTo = comment.id;
    this.replyText = quote && comment.body ? quoteOf(comment.body) : '';
  }

  startEdit(comment: Comment): void {
    this.replyingTo = null;
    this.removing = null;
    this.editing = comment.id;
  }

  startRemove(comment: Comment): void {
    this.removing = comment.id;
  }

  cancel(): void {
    this.replyingTo = null;
    this.editing = null;
    this.removing = null;
  }

  async posted(comment: Comment): Promise<void> {
    // The API makes every author a follower of the thread they post in.
    this.sync.update((live) => changeThread(addOwnComment(live, comment), { following: true }));
    if (this.replyingTo === comment.parentId) this.replyingTo = null;
    this.announcement = 'Your comment was posted.';
    await this.show(comment.id, { focus: true });
  }

  edited(comment: Comment): void {
    this.sync.update((live) => replaceComment(live, comment));
    if (this.editing === comment.id) this.editing = null;
  }

  reacted(comment: Comment): void {
    this.sync.update((live) => replaceComment(live, comment));
  }

  deleted(commentId: string): void {
    this.sync.update((live) => markDeleted(live, commentId, nowIso()));
    this.removing = null;
    this.announcement = 'Comment deleted. Its replies stay.';
  }

  threadChanged(
    thread: Pick<Thread, 'state' | 'outcome' | 'updatedAt'> & Partial<Pick<Thread, 'shortTitle'>>,
  ): void {
    this.sync.update((live) =>
      changeThread(live, {
        state: thread.state,
        outcome: thread.outcome,
        updatedAt: thread.updatedAt,
        ...(thread.shortTitle === undefined ? {} : { shortTitle: thread.shortTitle }),
      }),
    );
  }

  followChanged(following: boolean): void {
    this.sync.update((live) => changeThread(live, { following }));
  }

  loadedMore(comments: Comment[], nextAfterSeq: number | null): void {
    this.sync.update((live) => ({ ...mergeComments(live, comments), nextAfterSeq }));
  }

  /** Unfolds the way to a comment, scrolls to it and marks it; focuses it when asked. */
  async show(commentId: string, options: { focus?: boolean } = {}): Promise<boolean> {
    const path = pathTo(this.tree, commentId);
    if (path.length === 0) return false;
    const hidden = path.slice(0, -1).filter((id) => !this.revealed.includes(id));
    if (hidden.length > 0) this.revealed = [...this.revealed, ...hidden];
    this.highlighted = commentId;
    await tick();
    const element = document.getElementById(`comment-${commentId}`);
    element?.scrollIntoView({ block: 'center' });
    if (options.focus) element?.focus({ preventScroll: true });
    return element !== null;
  }
}

export async function searchMentions(prefix: string): Promise<Person[]> {
  return browserApi().mentionable(prefix);
}

const KEY = Symbol('thread-page');

export function provideThreadPage(state: ThreadPageState): void {
  setContext(KEY, state);
}

export function threadPage(): ThreadPageState {
  return getContext<ThreadPageState>(KEY);
}
