import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Kysely } from 'kysely';
import { readerOf, type Reader } from '../access/visibility.js';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { DB } from '../database/database.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { ThreadIdParams, ThreadNoteListDto } from './discussions.dto.js';
import {
  DiscussionsRepository,
  SYSTEM_NOTE,
  type ThreadNotePayload,
  type ThreadNoteRow,
} from './discussions.repository.js';

export { SYSTEM_NOTE, type ThreadNotePayload };

export interface ThreadNoteEvent {
  threadId: string;
  seq: number;
  payload: ThreadNotePayload;
}

/**
 * System notes in a thread's event log: each takes the thread's next `seq` in the caller's
 * transaction (the same counter comments use, so replay and gap detection cover notes) and is
 * published to the thread's room after the caller commits.
 */
@Injectable()
export class ThreadNotes {
  constructor(
    private readonly discussions: DiscussionsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** Appends one note per thread inside `trx`; threads are locked in id order (no deadlocks). */
  async append(
    trx: Kysely<DB>,
    notes: Array<{ threadId: string; payload: ThreadNotePayload }>,
  ): Promise<ThreadNoteEvent[]> {
    const payloads = new Map(notes.map((note) => [note.threadId, note.payload]));
    const appended = await this.discussions.appendNotes(trx, notes);
    return appended.map(({ threadId, seq }) => ({
      threadId,
      seq,
      payload: payloads.get(threadId) as ThreadNotePayload,
    }));
  }

  /** After commit: to everyone in the thread's room, shaped like the other thread events. */
  publish(events: ThreadNoteEvent[]): void {
    for (const event of events)
      this.realtime.toThread(event.threadId, SYSTEM_NOTE, {
        threadId: event.threadId,
        seq: event.seq,
        ...event.payload,
      });
  }

  /** A thread's notes, oldest first; undefined when the reader may not read the thread. */
  list(reader: Reader, threadId: string): Promise<ThreadNoteRow[] | undefined> {
    return this.discussions.notes(reader, threadId);
  }
}

/** `GET /threads/:id/notes`: the system notes a thread page shows between its comments (by seq). */
@ApiTags('discussions')
@ApiBearerAuth()
@Controller()
export class ThreadNotesController {
  constructor(private readonly notes: ThreadNotes) {}

  @Get('threads/:id/notes')
  @Access('viewer')
  @ApiOkResponse({ type: ThreadNoteListDto })
  async listThreadNotes(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
  ): Promise<ThreadNoteListDto> {
    const notes = await this.notes.list(readerOf(auth), params.id);
    if (!notes) throw new DomainError('NOT_FOUND', 'No such thread.');
    return { notes };
  }
}
