import { randomUUID } from 'node:crypto';
import {
  anAuth,
  domainError,
  FakeRealtime,
  injected,
  uniqueViolation,
} from '../../test/support/unit.js';
import type { Reader } from '../access/visibility.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { MAX_COMMENT_BYTES, type CommentDto, type ThreadDto } from './discussions.dto.js';
import type {
  AppendCommentInput,
  AppendedComment,
  DiscussionsRepository,
  CommentThreadEvent,
  ThreadEvent,
} from './discussions.repository.js';
import { DiscussionsService, REPLAY_LIMIT } from './discussions.service.js';
import type { ThreadState } from './thread.entity.js';

type StoredComment = CommentDto & { authorId: string | null; threadState: ThreadState };

function aThread(overrides: Partial<ThreadDto> = {}): ThreadDto {
  return {
    id: randomUUID(),
    briefing: { id: randomUUID(), slug: 'daily', title: 'Daily', publishedOn: '2026-05-07' },
    prompt: null,
    item: null,
    items: [],
    title: 'Where are your AI infra plans?',
    shortTitle: 'Where are your AI infra plans?',
    state: 'open',
    outcome: null,
    lastSeq: 0,
    commentCount: 0,
    createdBy: null,
    following: false,
    lastReadSeq: null,
    createdAt: '2026-05-07T00:00:00.000Z',
    updatedAt: '2026-05-07T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * Threads and comments in memory. `hiddenFrom` stands in for the SQL visibility rule (tested on
 * PostgreSQL); idempotency answers are stored with the comment, as the real write does.
 */
class FakeDiscussionsRepository implements Pick<
  DiscussionsRepository,
  | 'findThread'
  | 'canRead'
  | 'comments'
  | 'comment'
  | 'events'
  | 'idempotentResponse'
  | 'mentionable'
  | 'appendComment'
  | 'editComment'
  | 'deleteComment'
  | 'react'
  | 'setState'
  | 'setShortTitle'
  | 'markRead'
  | 'follow'
  | 'listThreads'
> {
  readonly threads = new Map<string, ThreadDto>();
  readonly comments_ = new Map<string, StoredComment>();
  readonly hiddenFrom = new Map<string, Set<string>>();
  readonly keys = new Map<string, { fingerprint: string; status: number; response: unknown }>();
  readonly eventLog: ThreadEvent[] = [];
  readonly appended: AppendCommentInput[] = [];
  readonly reads: Array<{ threadId: string; userId: string; seq: number }> = [];
  /** Set to make the next keyed append lose a race with a concurrent retry of the same request. */
  raceOnce = false;

  addThread(thread: ThreadDto = aThread()): ThreadDto {
    this.threads.set(thread.id, thread);
    return thread;
  }

  hide(threadId: string, userId: string): void {
    this.hiddenFrom.set(threadId, new Set([...(this.hiddenFrom.get(threadId) ?? []), userId]));
  }

  private readable(reader: Reader, threadId: string): boolean {
    return (
      this.threads.has(threadId) && (reader.admin || !this.hiddenFrom.get(threadId)?.has(reader.id))
    );
  }

  findThread(reader: Reader, threadId: string): Promise<ThreadDto | undefined> {
    return Promise.resolve(
      this.readable(reader, threadId) ? this.threads.get(threadId) : undefined,
    );
  }

  canRead(reader: Reader, threadId: string): Promise<boolean> {
    return Promise.resolve(this.readable(reader, threadId));
  }

  comments(threadId: string, afterSeq: number, limit: number): Promise<CommentDto[]> {
    return Promise.resolve(
      [...this.comments_.values()]
        .filter((c) => c.threadId === threadId && c.seq > afterSeq)
        .slice(0, limit),
    );
  }

  comment(commentId: string, reader: Reader): Promise<StoredComment | undefined> {
    const found = this.comments_.get(commentId);
    return Promise.resolve(found && this.readable(reader, found.threadId) ? found : undefined);
  }

  events(threadId: string, afterSeq: number, limit: number): Promise<ThreadEvent[]> {
    return Promise.resolve(
      this.eventLog.filter((e) => e.threadId === threadId && e.seq > afterSeq).slice(0, limit),
    );
  }

  idempotentResponse(userId: string, key: string) {
    return Promise.resolve(this.keys.get(`${userId}/${key}`));
  }

  mentionable(threadId: string, handles: string[]) {
    return Promise.resolve(
      handles.filter((h) => h === 'ann').map((handle) => ({ id: `user-${handle}`, handle })),
    );
  }

  appendComment(input: AppendCommentInput): Promise<AppendedComment | undefined> {
    if (this.raceOnce && input.idempotency) {
      // the same request, sent again, commits first; this one hits the key's primary key
      this.raceOnce = false;
      this.store({ ...input, comment: { ...input.comment, id: randomUUID() } });
      return Promise.reject(uniqueViolation());
    }
    const { comment, threadId } = { comment: input.comment, threadId: input.comment.threadId };
    if (!this.readable(input.author, threadId)) return Promise.resolve(undefined);
    if (comment.parentId && this.comments_.get(comment.parentId)?.threadId !== threadId)
      return Promise.resolve(undefined);
    return Promise.resolve(this.store(input));
  }

  private store(input: AppendCommentInput): AppendedComment {
    const thread = this.threads.get(input.comment.threadId)!;
    thread.lastSeq += 1;
    const comment: CommentDto = { ...input.comment, seq: thread.lastSeq };
    this.comments_.set(comment.id, {
      ...comment,
      authorId: input.comment.author?.id ?? null,
      threadState: thread.state,
    });
    const event = this.event<CommentThreadEvent>({
      type: 'comment.created',
      threadId: thread.id,
      payload: { comment },
    });
    if (input.idempotency)
      this.keys.set(`${input.author.id}/${input.idempotency.key}`, {
        fingerprint: input.idempotency.fingerprint,
        status: 201,
        response: comment,
      });
    this.appended.push(input);
    return {
      comment,
      event,
      threadTitle: thread.title,
      notifications: input.mentionedUserIds.map((userId) => ({
        id: randomUUID(),
        userId,
        kind: 'mention' as const,
        createdAt: comment.createdAt,
      })),
    };
  }

  private event<T extends ThreadEvent>(event: Omit<T, 'seq'>): T {
    const thread = this.threads.get(event.threadId)!;
    if (event.type !== 'comment.created') thread.lastSeq += 1;
    const stored = { ...event, seq: thread.lastSeq } as T;
    this.eventLog.push(stored);
    return stored;
  }

  editComment(commentId: string, _editorId: string, body: string, bodyHtml: string) {
    const comment = this.comments_.get(commentId)!;
    Object.assign(comment, { body, bodyHtml, editedAt: new Date().toISOString() });
    return Promise.resolve(
      this.event<CommentThreadEvent>({
        type: 'comment.updated',
        threadId: comment.threadId,
        payload: { comment },
      }),
    );
  }

  deleteComment(commentId: string) {
    const comment = this.comments_.get(commentId)!;
    Object.assign(comment, { body: null, bodyHtml: null, deletedAt: new Date().toISOString() });
    return Promise.resolve(
      this.event<CommentThreadEvent>({
        type: 'comment.deleted',
        threadId: comment.threadId,
        payload: { comment },
      }),
    );
  }

  react(): Promise<CommentThreadEvent | undefined> {
    return Promise.resolve(undefined);
  }

  setState(threadId: string, state: ThreadState, outcome: string | null) {
    Object.assign(this.threads.get(threadId)!, { state, outcome });
    const lastSeq = this.threads.get(threadId)!.lastSeq + 1;
    return Promise.resolve([
      this.event<ThreadEvent>({
        type: 'thread.updated',
        threadId,
        payload: { thread: { state, outcome, lastSeq } },
      }),
    ]);
  }

  setShortTitle(threadId: string, shortTitle: string): Promise<void> {
    Object.assign(this.threads.get(threadId)!, { shortTitle });
    return Promise.resolve();
  }

  markRead(threadId: string, userId: string, seq: number): Promise<void> {
    this.reads.push({ threadId, userId, seq });
    return Promise.resolve();
  }

  follow(): Promise<void> {
    return Promise.resolve();
  }

  listThreads(): ReturnType<DiscussionsRepository['listThreads']> {
    return Promise.resolve([]);
  }
}

class FakeNotifications implements Pick<NotificationsService, 'publish' | 'markThreadRead'> {
  readonly published: Array<Parameters<NotificationsService['publish']>> = [];
  readonly threadReads: Array<[string, string, number]> = [];

  publish(...args: Parameters<NotificationsService['publish']>): void {
    this.published.push(args);
  }

  markThreadRead(userId: string, threadId: string, seq: number): Promise<void> {
    this.threadReads.push([userId, threadId, seq]);
    return Promise.resolve();
  }
}

describe(DiscussionsService.name, () => {
  let sut: DiscussionsService;
  let discussions: FakeDiscussionsRepository;
  let realtime: FakeRealtime;
  let notifications: FakeNotifications;

  beforeEach(() => {
    discussions = new FakeDiscussionsRepository();
    realtime = new FakeRealtime();
    notifications = new FakeNotifications();
    sut = new DiscussionsService(
      injected<DiscussionsRepository>(discussions),
      injected<RealtimeGateway>(realtime),
      injected<NotificationsService>(notifications),
    );
  });

  const post = (auth = anAuth(), threadId: string, body = 'Hello', key?: string) =>
    sut.postComment(auth, threadId, { body }, key);

  describe('postComment', () => {
    it('stores the comment rendered, publishes its event with seq, and answers 201', async () => {
      const thread = discussions.addThread();
      const auth = anAuth('member');
      const { status, comment } = await post(auth, thread.id, '**bold** <script>x</script>');
      expect(status).toBe(201);
      expect(comment).toMatchObject({ seq: 1, body: '**bold** <script>x</script>' });
      expect(comment.author).toMatchObject({ id: auth.user.id, handle: auth.user.handle });
      expect(comment.bodyHtml).toContain('<strong>bold</strong>');
      expect(comment.bodyHtml).not.toContain('<script>');
      expect(realtime.sent).toEqual([
        {
          to: `thread:${thread.id}`,
          type: 'comment.created',
          payload: { threadId: thread.id, seq: 1, comment },
        },
      ]);
    });

    it('notifies only mentioned people who may read the thread', async () => {
      const thread = discussions.addThread();
      await post(anAuth(), thread.id, 'cc @ann and @bob');
      expect(discussions.appended[0].mentionedUserIds).toEqual(['user-ann']);
      expect(notifications.published).toHaveLength(1);
      expect(notifications.published[0][0].map((n) => n.userId)).toEqual(['user-ann']);
    });

    it('is a 404 for a thread the caller may not read, and stores nothing', async () => {
      const thread = discussions.addThread();
      const auth = anAuth('member');
      discussions.hide(thread.id, auth.user.id);
      await domainError(post(auth, thread.id), 'NOT_FOUND');
      expect(discussions.comments_.size).toBe(0);
      expect(realtime.sent).toEqual([]);
    });

    it('refuses a parent from another thread', async () => {
      const thread = discussions.addThread();
      const other = discussions.addThread();
      const { comment: parent } = await post(anAuth(), other.id);
      await domainError(
        sut.postComment(anAuth(), thread.id, { body: 'reply', parentId: parent.id }, undefined),
        'VALIDATION_FAILED',
      );
    });

    it.each(['', '   \n\t'])('refuses an empty body %j', async (body) => {
      const thread = discussions.addThread();
      await domainError(post(anAuth(), thread.id, body), 'VALIDATION_FAILED');
    });

    it('refuses a body over 64 KB (counted in UTF-8 bytes)', async () => {
      const thread = discussions.addThread();
      await domainError(
        post(anAuth(), thread.id, 'é'.repeat(MAX_COMMENT_BYTES / 2 + 1)),
        'PAYLOAD_TOO_LARGE',
      );
      await expect(
        post(anAuth(), thread.id, 'é'.repeat(MAX_COMMENT_BYTES / 2)),
      ).resolves.toBeDefined();
    });
  });

  describe('postComment with an Idempotency-Key', () => {
    it('answers a retry with the first result and creates nothing more', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      const first = await post(auth, thread.id, 'Once', 'key-1');
      const retry = await post(auth, thread.id, 'Once', 'key-1');
      expect(retry).toEqual(first);
      expect(discussions.appended).toHaveLength(1);
      expect(realtime.sent).toHaveLength(1);
    });

    it('keeps keys per user: the same key from someone else is a new comment', async () => {
      const thread = discussions.addThread();
      await post(anAuth(), thread.id, 'Once', 'shared');
      await post(anAuth(), thread.id, 'Once', 'shared');
      expect(discussions.appended).toHaveLength(2);
    });

    it('refuses the same key on a different request with 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      await post(auth, thread.id, 'Once', 'key-1');
      await domainError(post(auth, thread.id, 'Something else', 'key-1'), 'IDEMPOTENCY_KEY_REUSED');
      const other = discussions.addThread();
      await domainError(post(auth, other.id, 'Once', 'key-1'), 'IDEMPOTENCY_KEY_REUSED');
      expect(discussions.appended).toHaveLength(1);
    });

    it('does not replay to a caller who may no longer read the thread', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      await post(auth, thread.id, 'Once', 'key-1');
      discussions.hide(thread.id, auth.user.id);
      await domainError(post(auth, thread.id, 'Once', 'key-1'), 'NOT_FOUND');
    });

    it('answers with the winner when a concurrent retry committed first', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      discussions.raceOnce = true;
      const answer = await post(auth, thread.id, 'Once', 'race');
      expect(discussions.appended).toHaveLength(1);
      expect(answer.status).toBe(201);
      expect(answer.comment.id).toBe(discussions.appended[0].comment.id);
      // the loser published nothing of its own
      expect(realtime.sent).toEqual([]);
    });

    it.each(['with space', 'ü', 'x'.repeat(201)])('refuses the key %j', async (key) => {
      const thread = discussions.addThread();
      await domainError(post(anAuth(), thread.id, 'Once', key), 'VALIDATION_FAILED');
      expect(discussions.appended).toHaveLength(0);
    });
  });

  describe('editComment and deleteComment', () => {
    it('lets the author edit, re-rendering the body, and publishes comment.updated', async () => {
      const thread = discussions.addThread();
      const author = anAuth('member');
      const { comment } = await post(author, thread.id, 'first');
      const edited = await sut.editComment(author, comment.id, '_second_');
      expect(edited.bodyHtml).toContain('<em>second</em>');
      expect(realtime.sent.at(-1)).toMatchObject({ type: 'comment.updated' });
    });

    it("refuses a member changing someone else's comment", async () => {
      const thread = discussions.addThread();
      const { comment } = await post(anAuth('member'), thread.id);
      await domainError(sut.editComment(anAuth('member'), comment.id, 'mine'), 'FORBIDDEN');
      await domainError(sut.deleteComment(anAuth('member'), comment.id), 'FORBIDDEN');
      expect(discussions.comments_.get(comment.id)!.deletedAt).toBeNull();
    });

    it('lets an editor moderate any comment, but not through a member token', async () => {
      const thread = discussions.addThread();
      const { comment } = await post(anAuth('member'), thread.id);
      await domainError(
        sut.deleteComment(anAuth('editor', { tokenCeiling: 'member' }), comment.id),
        'FORBIDDEN',
      );
      await sut.deleteComment(anAuth('editor'), comment.id);
      expect(discussions.comments_.get(comment.id)!.deletedAt).not.toBeNull();
    });

    it('is a 409 on a deleted comment and a 404 on one the caller may not read', async () => {
      const thread = discussions.addThread();
      const author = anAuth('member');
      const { comment } = await post(author, thread.id);
      await sut.deleteComment(author, comment.id);
      await domainError(sut.editComment(author, comment.id, 'again'), 'CONFLICT');
      await domainError(sut.react(author, comment.id, '+1', true), 'CONFLICT');
      discussions.hide(thread.id, author.user.id);
      await domainError(sut.editComment(author, comment.id, 'again'), 'NOT_FOUND');
    });

    it('refuses an empty edit', async () => {
      const thread = discussions.addThread();
      const author = anAuth('member');
      const { comment } = await post(author, thread.id);
      await domainError(sut.editComment(author, comment.id, ' '), 'VALIDATION_FAILED');
    });
  });

  describe('setState (resolve and reopen)', () => {
    it('resolves with a one-line outcome, trimmed, and publishes thread.updated', async () => {
      const thread = discussions.addThread();
      const resolved = await sut.update(anAuth('editor'), thread.id, {
        state: 'resolved',
        outcome: '  Ship it  ',
      });
      expect(resolved).toMatchObject({ state: 'resolved', outcome: 'Ship it' });
      expect(realtime.sent.at(-1)).toMatchObject({
        type: 'thread.updated',
        payload: { thread: { state: 'resolved', outcome: 'Ship it' } },
      });
    });

    it('reopening clears the outcome', async () => {
      const thread = discussions.addThread(aThread({ state: 'resolved', outcome: 'Done' }));
      await expect(
        sut.update(anAuth('editor'), thread.id, { state: 'open', outcome: 'x' }),
      ).resolves.toMatchObject({ state: 'open', outcome: null });
    });

    it.each([undefined, '', '   '])(
      'refuses resolving without an outcome (%j)',
      async (outcome) => {
        const thread = discussions.addThread();
        await domainError(
          sut.update(anAuth('editor'), thread.id, { state: 'resolved', outcome }),
          'VALIDATION_FAILED',
        );
        expect(discussions.threads.get(thread.id)!.state).toBe('open');
      },
    );

    it('refuses a multi-line outcome', async () => {
      const thread = discussions.addThread();
      await domainError(
        sut.update(anAuth('editor'), thread.id, { state: 'resolved', outcome: 'one\ntwo' }),
        'VALIDATION_FAILED',
      );
    });

    it('is a 404 for a thread the caller may not read', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      discussions.hide(thread.id, auth.user.id);
      await domainError(
        sut.update(auth, thread.id, { state: 'resolved', outcome: 'x' }),
        'NOT_FOUND',
      );
      expect(realtime.sent).toEqual([]);
    });

    it('lets the member who started the thread resolve and reopen it, no other member', async () => {
      const starter = anAuth('member');
      const thread = discussions.addThread(aThread({ createdBy: starter.user.id }));
      await domainError(
        sut.update(anAuth('member'), thread.id, { state: 'resolved', outcome: 'x' }),
        'FORBIDDEN',
      );
      expect(realtime.sent).toEqual([]);
      await expect(
        sut.update(starter, thread.id, { state: 'resolved', outcome: 'Done' }),
      ).resolves.toMatchObject({ state: 'resolved' });
      await domainError(sut.update(anAuth('member'), thread.id, { state: 'open' }), 'FORBIDDEN');
      await expect(sut.update(starter, thread.id, { state: 'open' })).resolves.toMatchObject({
        state: 'open',
      });
    });

    it('lets any member move an unresolved thread between open and converging', async () => {
      const thread = discussions.addThread();
      await expect(
        sut.update(anAuth('member'), thread.id, { state: 'converging' }),
      ).resolves.toMatchObject({ state: 'converging' });
    });
  });

  describe('update (short title)', () => {
    it('lets editors set the short title, not members', async () => {
      const thread = discussions.addThread();
      await domainError(
        sut.update(anAuth('member'), thread.id, { shortTitle: 'AI infra exposure' }),
        'FORBIDDEN',
      );
      await expect(
        sut.update(anAuth('editor'), thread.id, { shortTitle: 'AI infra exposure' }),
      ).resolves.toMatchObject({ shortTitle: 'AI infra exposure', state: 'open' });
    });

    it('refuses a request that changes nothing', async () => {
      const thread = discussions.addThread();
      await domainError(sut.update(anAuth('editor'), thread.id, {}), 'VALIDATION_FAILED');
    });
  });

  describe('catchUp (socket join)', () => {
    it('joins the room before reading the events it missed', async () => {
      const thread = discussions.addThread();
      await post(anAuth(), thread.id, 'one');
      const order: string[] = [];
      const result = await sut.catchUp(anAuth(), thread.id, 0, () => {
        order.push('subscribed');
        return post(anAuth(), thread.id, 'two').then(() => undefined);
      });
      expect(order).toEqual(['subscribed']);
      expect(result).toEqual({ events: discussions.eventLog, complete: true });
      expect(result!.events.map((event) => event.seq)).toEqual([1, 2]);
    });

    it('tells the client to reload when more than REPLAY_LIMIT events were missed', async () => {
      const thread = discussions.addThread();
      for (let seq = 1; seq <= REPLAY_LIMIT + 1; seq++)
        discussions.eventLog.push({
          type: 'comment.created',
          threadId: thread.id,
          seq,
          payload: {
            comment: {
              id: randomUUID(),
              threadId: thread.id,
              parentId: null,
              seq,
              body: 'Noted.',
              bodyHtml: '<p>Noted.</p>',
              author: null,
              createdAt: '2026-05-07T00:00:00.000Z',
              editedAt: null,
              deletedAt: null,
              reactions: [],
            },
          },
        });
      const result = await sut.catchUp(anAuth(), thread.id, 0, () => Promise.resolve());
      expect(result!.events).toHaveLength(REPLAY_LIMIT);
      expect(result!.complete).toBe(false);
    });

    it('never subscribes a caller who may not read the thread', async () => {
      const thread = discussions.addThread();
      const auth = anAuth();
      discussions.hide(thread.id, auth.user.id);
      const subscribe = jest.fn(() => Promise.resolve());
      await expect(sut.catchUp(auth, thread.id, 0, subscribe)).resolves.toBeUndefined();
      expect(subscribe).not.toHaveBeenCalled();
    });
  });

  it('markRead never reads past the last event, and marks its notifications read too', async () => {
    const thread = discussions.addThread();
    await post(anAuth(), thread.id);
    const reader = anAuth();
    await sut.markRead(reader, thread.id, 99);
    expect(discussions.reads).toEqual([{ threadId: thread.id, userId: reader.user.id, seq: 1 }]);
    expect(notifications.threadReads).toEqual([[reader.user.id, thread.id, 1]]);
  });

  it('list refuses an unknown state', async () => {
    await domainError(sut.list(anAuth(), { state: 'open,closed' }), 'VALIDATION_FAILED');
  });
});
