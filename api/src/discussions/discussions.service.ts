import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { readerOf } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import { decodeCursor, encodeCursor, isTimestamp } from '../common/cursor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { roleAtLeast } from '../users/user.entity.js';
import { CommentMarkdown, mentionedHandles } from './comment-markdown.js';
import {
  MAX_COMMENT_BYTES,
  type CommentDto,
  type CreateCommentDto,
  type PersonDto,
  type Reaction,
  type RevisionDto,
  type ThreadDto,
  type ThreadListQuery,
  type ThreadPageDto,
  type UpdateThreadDto,
} from './discussions.dto.js';
import { DiscussionsRepository, type ThreadEvent } from './discussions.repository.js';
import { THREAD_STATES, type ThreadState } from './thread.entity.js';

/** How many missed events a join replays before telling the client to reload the page instead. */
export const REPLAY_LIMIT = 1_000;

@Injectable()
export class DiscussionsService {
  private readonly logger = new Logger(DiscussionsService.name);
  private readonly markdown = new CommentMarkdown();

  constructor(
    private readonly discussions: DiscussionsRepository,
    private readonly realtime: RealtimeGateway,
    private readonly notifications: NotificationsService,
  ) {}

  async page(
    auth: AuthContext,
    threadId: string,
    afterSeq = 0,
    limit = 200,
  ): Promise<ThreadPageDto> {
    const thread = await this.visibleThread(auth, threadId);
    const comments = await this.discussions.comments(threadId, afterSeq, limit + 1);
    const page = comments.slice(0, limit);
    return {
      thread,
      comments: page,
      nextAfterSeq: comments.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }

  async postComment(
    auth: AuthContext,
    threadId: string,
    dto: CreateCommentDto,
    idempotencyKey: string | undefined,
  ): Promise<{ status: number; comment: CommentDto }> {
    const body = checkBody(dto.body);
    const parentId = dto.parentId ?? null;
    // Only a keyed request is ever compared with an earlier one.
    const fingerprint = idempotencyKey
      ? createHash('sha256')
          .update(JSON.stringify([threadId, body, parentId]))
          .digest('hex')
      : '';
    if (idempotencyKey) {
      if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))
        throw new DomainError(
          'VALIDATION_FAILED',
          'Idempotency-Key must be 1 to 200 visible ASCII characters.',
        );
      const earlier = await this.replay(auth, threadId, idempotencyKey, fingerprint);
      if (earlier) return earlier;
    }
    const handles = mentionedHandles(body);
    const mentioned = handles.length ? await this.discussions.mentionable(threadId, handles) : [];
    let appended;
    try {
      appended = await this.discussions.appendComment({
        comment: {
          id: randomUUID(),
          threadId,
          parentId,
          body,
          bodyHtml: this.markdown.render(
            body,
            mentioned.map((user) => user.handle),
          ),
          author: {
            id: auth.user.id,
            displayName: auth.user.displayName,
            handle: auth.user.handle,
          },
          createdAt: new Date().toISOString(),
          editedAt: null,
          deletedAt: null,
          reactions: [],
        },
        author: readerOf(auth),
        mentionedUserIds: mentioned.map((user) => user.id),
        idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint } : undefined,
      });
    } catch (error) {
      // A concurrent retry with the same key committed first: answer with its result.
      if (idempotencyKey && (error as { code?: string }).code === '23505') {
        const earlier = await this.replay(auth, threadId, idempotencyKey, fingerprint);
        if (earlier) return earlier;
      }
      throw error;
    }
    if (!appended) {
      // Nothing was written: tell the caller why.
      if (!(await this.discussions.canRead(readerOf(auth), threadId)))
        throw new DomainError('NOT_FOUND', 'No such thread.');
      throw new DomainError('VALIDATION_FAILED', 'parentId is not a comment of this thread.');
    }
    this.publish(appended.event);
    if (appended.notifications.length) {
      this.notifications.publish(appended.notifications, {
        thread: { id: threadId, title: appended.threadTitle },
        commentId: appended.comment.id,
        actor: appended.comment.author,
      });
    }
    return { status: 201, comment: appended.comment };
  }

  async editComment(auth: AuthContext, commentId: string, body: string): Promise<CommentDto> {
    const comment = await this.ownComment(auth, commentId);
    const text = checkBody(body);
    const mentioned = await this.discussions.mentionable(comment.threadId, mentionedHandles(text));
    const event = await this.discussions.editComment(
      commentId,
      auth.user.id,
      text,
      this.markdown.render(
        text,
        mentioned.map((user) => user.handle),
      ),
    );
    this.publish(event);
    return event.payload.comment;
  }

  async deleteComment(auth: AuthContext, commentId: string): Promise<void> {
    await this.ownComment(auth, commentId);
    this.publish(await this.discussions.deleteComment(commentId));
  }

  async react(
    auth: AuthContext,
    commentId: string,
    emoji: Reaction,
    on: boolean,
  ): Promise<CommentDto> {
    const comment = await this.discussions.comment(commentId, readerOf(auth));
    if (!comment) throw new DomainError('NOT_FOUND', 'No such comment.');
    if (comment.deletedAt) throw new DomainError('CONFLICT', 'This comment was deleted.');
    const event = await this.discussions.react(commentId, auth.user.id, emoji, on);
    if (!event) return stripInternal(comment);
    this.publish(event);
    return event.payload.comment;
  }

  async revisions(auth: AuthContext, commentId: string): Promise<RevisionDto[]> {
    const comment = await this.discussions.comment(commentId, readerOf(auth));
    if (!comment) throw new DomainError('NOT_FOUND', 'No such comment.');
    if (comment.deletedAt) return [];
    return this.discussions.revisions(commentId);
  }

  /**
   * Members move a thread between open and converging; resolving it, changing its outcome or
   * reopening it is for editors and the member who started the thread (docs/api-discussions.md).
   */
  async update(auth: AuthContext, threadId: string, dto: UpdateThreadDto): Promise<ThreadDto> {
    if (dto.state === undefined && dto.shortTitle === undefined)
      throw new DomainError('VALIDATION_FAILED', 'Send a state or a shortTitle to change.');
    const thread = await this.visibleThread(auth, threadId);
    if (dto.shortTitle !== undefined && !roleAtLeast(auth.role, 'editor'))
      throw new DomainError('FORBIDDEN', "Only editors change a thread's short title.");
    if (dto.state !== undefined) await this.setState(auth, thread, { ...dto, state: dto.state });
    if (dto.shortTitle !== undefined && dto.shortTitle !== thread.shortTitle)
      await this.discussions.setShortTitle(threadId, dto.shortTitle);
    return this.visibleThread(auth, threadId);
  }

  private async setState(
    auth: AuthContext,
    thread: ThreadDto,
    dto: { state: ThreadState; outcome?: string },
  ): Promise<void> {
    const threadId = thread.id;
    if (dto.state === 'resolved' && !dto.outcome?.trim()) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Resolving a thread needs its outcome: the answer to the prompt, in one line.',
      );
    }
    if (dto.outcome && /[\r\n]/.test(dto.outcome))
      throw new DomainError('VALIDATION_FAILED', 'The outcome is one line.');
    if (
      (dto.state === 'resolved' || thread.state === 'resolved') &&
      !roleAtLeast(auth.role, 'editor') &&
      thread.createdBy !== auth.user.id
    ) {
      throw new DomainError(
        'FORBIDDEN',
        'Only editors and the person who started this thread can resolve or reopen it.',
      );
    }
    const events = await this.discussions.setState(
      threadId,
      dto.state,
      dto.state === 'resolved' ? (dto.outcome as string).trim() : null,
      { id: auth.user.id, displayName: auth.user.displayName },
    );
    for (const event of events) this.publish(event);
  }

  async itemThread(
    auth: AuthContext,
    itemId: string,
  ): Promise<{ created: boolean; thread: ThreadDto }> {
    const result = await this.discussions.itemThread(readerOf(auth), itemId);
    if (!result) throw new DomainError('NOT_FOUND', 'No such item.');
    return { created: result.created, thread: await this.visibleThread(auth, result.threadId) };
  }

  async follow(auth: AuthContext, threadId: string, on: boolean): Promise<void> {
    await this.visibleThread(auth, threadId);
    await this.discussions.follow(threadId, auth.user.id, on);
  }

  /** The read position, and the notifications about the comments read so far. */
  async markRead(auth: AuthContext, threadId: string, seq: number): Promise<void> {
    const thread = await this.visibleThread(auth, threadId);
    const readTo = Math.min(seq, thread.lastSeq);
    await this.discussions.markRead(threadId, auth.user.id, readTo);
    await this.notifications.markThreadRead(auth.user.id, threadId, readTo);
  }

  async list(auth: AuthContext, query: ThreadListQuery) {
    const states = (query.state ?? 'open,converging').split(',').map((state) => state.trim());
    if (states.some((state) => !(THREAD_STATES as readonly string[]).includes(state))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `state must be among ${THREAD_STATES.join(', ')}.`,
      );
    }
    const limit = query.limit ?? 30;
    const cursor = decodeCursor(query.cursor, isTimestamp);
    const after = cursor && { updatedAt: cursor.key, id: cursor.id };
    const rows = await this.discussions.listThreads(
      readerOf(auth),
      states as ThreadState[],
      limit + 1,
      after,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      threads: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null,
    };
  }

  mentionable(query: string | undefined): Promise<PersonDto[]> {
    return this.discussions.searchUsers((query ?? '').trim());
  }

  /** For a socket joining a thread: the events it missed, or undefined when it may not read the thread. */
  /**
   * Brings a live reader up to date: checks access first, then lets `subscribe` put them in the
   * thread's room, then reads every event after `sinceSeq` (subscribed before reading, so nothing
   * committed in between is missed; the client drops duplicates by seq). Undefined: no access.
   */
  async catchUp(
    auth: AuthContext,
    threadId: string,
    sinceSeq: number,
    subscribe: () => Promise<void>,
  ): Promise<{ events: ThreadEvent[]; complete: boolean } | undefined> {
    if (!(await this.discussions.canRead(readerOf(auth), threadId))) return undefined;
    await subscribe();
    const events = await this.discussions.events(threadId, sinceSeq, REPLAY_LIMIT + 1);
    return { events: events.slice(0, REPLAY_LIMIT), complete: events.length <= REPLAY_LIMIT };
  }

  canRead(auth: AuthContext, threadId: string): Promise<boolean> {
    return this.discussions.canRead(readerOf(auth), threadId);
  }

  private publish(event: ThreadEvent): void {
    const { threadId, seq } = event;
    switch (event.type) {
      case 'thread.updated':
        return this.realtime.toThread(threadId, event.type, { threadId, seq, ...event.payload });
      case 'system.note':
        return this.realtime.toThread(threadId, event.type, { threadId, seq, ...event.payload });
      case 'comment.created':
      case 'comment.updated':
      case 'comment.deleted':
        return this.realtime.toThread(threadId, event.type, { threadId, seq, ...event.payload });
    }
  }

  private async visibleThread(auth: AuthContext, threadId: string): Promise<ThreadDto> {
    const thread = await this.discussions.findThread(readerOf(auth), threadId);
    if (!thread) throw new DomainError('NOT_FOUND', 'No such thread.');
    return thread;
  }

  /** Members change their own comments; editors and admins moderate any. */
  private async ownComment(auth: AuthContext, commentId: string) {
    const comment = await this.discussions.comment(commentId, readerOf(auth));
    if (!comment) throw new DomainError('NOT_FOUND', 'No such comment.');
    if (comment.authorId !== auth.user.id && !roleAtLeast(auth.role, 'editor')) {
      throw new DomainError('FORBIDDEN', 'Only its author or an editor can change this comment.');
    }
    if (comment.deletedAt) throw new DomainError('CONFLICT', 'This comment was deleted.');
    return comment;
  }

  private async replay(
    auth: AuthContext,
    threadId: string,
    key: string,
    fingerprint: string,
  ): Promise<{ status: number; comment: CommentDto } | undefined> {
    const earlier = await this.discussions.idempotentResponse(auth.user.id, key);
    if (!earlier) return undefined;
    if (earlier.fingerprint !== fingerprint) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request.',
      );
    }
    // The first answer is shown only to a caller who may still read the thread (a token's ceiling).
    if (!(await this.discussions.canRead(readerOf(auth), threadId)))
      throw new DomainError('NOT_FOUND', 'No such thread.');
    return { status: earlier.status, comment: earlier.response as CommentDto };
  }
}

function checkBody(body: string): string {
  if (Buffer.byteLength(body, 'utf8') > MAX_COMMENT_BYTES)
    throw new DomainError('PAYLOAD_TOO_LARGE', 'A comment can be at most 64 KB.');
  if (body.trim() === '') throw new DomainError('VALIDATION_FAILED', 'The comment is empty.');
  return body;
}

function stripInternal(
  comment: CommentDto & { authorId?: unknown; threadState?: unknown },
): CommentDto {
  const { authorId: _author, threadState: _state, ...dto } = comment;
  return dto;
}
