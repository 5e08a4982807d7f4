import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { readerOf, visibleBriefingSql, type Reader } from '../access/visibility.js';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { ThreadIdParams, ThreadNoteListDto } from './discussions.dto.js';

export const SYSTEM_NOTE = 'system.note';

/** What happened, as stored in `thread_event.payload` and sent (with threadId and seq) to the room. */
export interface ThreadNotePayload {
  kind: 'action.status' | 'decision.status';
  actionId?: string;
  decisionId?: string;
  /** Null when some readers of the thread may not read the action or decision. */
  title: string | null;
  from: string | null;
  to: string;
  by: { id: string; displayName: string } | null;
  at: string;
}

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** Appends one note per thread inside `tx`; threads are locked in id order (no deadlocks). */
  async append(
    tx: EntityManager,
    notes: Array<{ threadId: string; payload: ThreadNotePayload }>,
  ): Promise<ThreadNoteEvent[]> {
    const events: ThreadNoteEvent[] = [];
    for (const note of [...notes].sort((a, b) => a.threadId.localeCompare(b.threadId))) {
      const rows: Array<{ seq: number }> = await tx.query(
        `WITH next AS (
           UPDATE thread SET last_seq = last_seq + 1 WHERE id = $1 RETURNING id, last_seq
         )
         INSERT INTO thread_event (thread_id, seq, type, payload)
         SELECT next.id, next.last_seq, $2, $3::jsonb FROM next RETURNING seq::int AS seq`,
        [note.threadId, SYSTEM_NOTE, JSON.stringify(note.payload)],
      );
      if (rows[0])
        events.push({ threadId: note.threadId, seq: rows[0].seq, payload: note.payload });
    }
    return events;
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
  async list(
    reader: Reader,
    threadId: string,
  ): Promise<Array<ThreadNotePayload & { threadId: string; seq: number }> | undefined> {
    const visible: unknown[] = await this.db.query(
      `SELECT 1 FROM thread t JOIN briefing b ON b.id = t.briefing_id WHERE t.id = $1 AND ${visibleBriefingSql('b', '$2', '$3')}`,
      [threadId, reader.id, reader.admin],
    );
    if (!visible.length) return undefined;
    return this.db
      .query(
        `SELECT e.payload || jsonb_build_object('threadId', e.thread_id, 'seq', e.seq) AS note
         FROM thread_event e WHERE e.thread_id = $1 AND e.type = $2 ORDER BY e.seq LIMIT 1000`,
        [threadId, SYSTEM_NOTE],
      )
      .then((rows: Array<{ note: ThreadNotePayload & { threadId: string; seq: number } }>) =>
        rows.map((row) => row.note),
      );
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
