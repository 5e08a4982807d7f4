import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';
import type { DomainEvent } from '../domain-events/domain-events.js';
import type { WebhookEvent } from './webhooks.dto.js';

/** What chat formats show: one line, a short excerpt, and the link into Briefroom. */
export interface EventCard {
  headline: string;
  excerpt: string | null;
  path: string;
}

/** An event as it leaves: the generic JSON body's `data`, the chat card, and the briefings it touches. */
export interface EventFacts {
  type: WebhookEvent;
  data: Record<string, unknown>;
  card: EventCard;
  /** Briefings whose visibility decides which hooks may carry the event. */
  briefingIds: string[];
  /** An action or decision also inherits the briefings it is tied to. */
  followUp?: { kind: 'action' | 'decision'; id: string };
}

const EXCERPT_CHARS = 280;

/** Markdown to a short plain excerpt: what a notification or a chat message shows. */
export function excerptOf(markdown: string, chars = EXCERPT_CHARS): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:>|#{1,6}|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > chars ? `${plain.slice(0, chars - 1).trimEnd()}…` : plain;
}

/** Reads, for an event, what a hook is sent; undefined when its subject is gone (or not an event hooks take). */
@Injectable()
export class WebhookEventFacts {
  constructor(private readonly db: Database) {}

  async of(event: DomainEvent): Promise<EventFacts | undefined> {
    switch (event.type) {
      case 'comment.created':
        return this.comment(event.commentId);
      case 'thread.resolved':
        return this.resolved(event.threadId);
      case 'briefing.imported':
        return this.briefing(event.briefingId, event.created);
      case 'decision.accepted':
        return this.decision(event.decisionId);
      case 'action.assigned':
      case 'action.overdue':
        return this.action(event.type, event.actionId);
      case 'decision.proposed':
        return undefined;
    }
  }

  private async comment(id: string): Promise<EventFacts | undefined> {
    const { rows } = await sql<{
      id: string;
      body: string;
      parentId: string | null;
      createdAt: Date;
      authorName: string | null;
      authorHandle: string | null;
      threadId: string;
      threadTitle: string;
      briefingId: string;
      briefingTitle: string;
      slug: string;
    }>`SELECT c.id, c.body, c.parent_id AS "parentId", c.created_at AS "createdAt",
              u.display_name AS "authorName", u.handle AS "authorHandle",
              t.id AS "threadId", t.title AS "threadTitle", b.id AS "briefingId", b.title AS "briefingTitle", b.slug
         FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
         LEFT JOIN app_user u ON u.id = c.author_id
        WHERE c.id = ${id} AND c.deleted_at IS NULL`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const path = `/threads/${row.threadId}#comment-${row.id}`;
    return {
      type: 'comment.created',
      data: {
        comment: {
          id: row.id,
          parentId: row.parentId,
          body: row.body,
          createdAt: new Date(row.createdAt).toISOString(),
          author: row.authorHandle
            ? { displayName: row.authorName, handle: row.authorHandle }
            : null,
        },
        thread: { id: row.threadId, title: row.threadTitle },
        briefing: { id: row.briefingId, title: row.briefingTitle, slug: row.slug },
        path,
      },
      card: {
        headline: `${row.authorName ?? 'Someone'} commented on “${row.threadTitle}”`,
        excerpt: excerptOf(row.body),
        path,
      },
      briefingIds: [row.briefingId],
    };
  }

  private async resolved(threadId: string): Promise<EventFacts | undefined> {
    const { rows } = await sql<{
      id: string;
      title: string;
      outcome: string | null;
      briefingId: string;
      briefingTitle: string;
      slug: string;
    }>`SELECT t.id, t.title, t.outcome, b.id AS "briefingId", b.title AS "briefingTitle", b.slug
         FROM thread t JOIN briefing b ON b.id = t.briefing_id
        WHERE t.id = ${threadId} AND t.state = 'resolved'`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const path = `/threads/${row.id}`;
    return {
      type: 'thread.resolved',
      data: {
        thread: { id: row.id, title: row.title, outcome: row.outcome },
        briefing: { id: row.briefingId, title: row.briefingTitle, slug: row.slug },
        path,
      },
      card: { headline: `Resolved: “${row.title}”`, excerpt: row.outcome, path },
      briefingIds: [row.briefingId],
    };
  }

  private async briefing(id: string, created: boolean): Promise<EventFacts | undefined> {
    const row = await this.db
      .selectFrom('briefing')
      .select(['id', 'title', 'slug', 'series', 'published_on as publishedOn', 'summary'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const path = `/briefings/${row.slug}`;
    return {
      type: 'briefing.imported',
      data: { briefing: { ...row, publishedOn: String(row.publishedOn) }, created, path },
      card: {
        headline: `${created ? 'New briefing' : 'Briefing updated'}: ${row.title}`,
        excerpt: row.summary ? excerptOf(row.summary) : null,
        path,
      },
      briefingIds: [row.id],
    };
  }

  private async decision(id: string): Promise<EventFacts | undefined> {
    const row = await this.db
      .selectFrom('decision')
      .select([
        'id',
        'title',
        'statement',
        'status',
        'thread_id as threadId',
        'decided_on as decidedOn',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.status !== 'accepted') return undefined;
    const path = `/decisions/${row.id}`;
    return {
      type: 'decision.accepted',
      data: {
        decision: { ...row, decidedOn: row.decidedOn ? String(row.decidedOn) : null },
        path,
      },
      card: {
        headline: `Decision accepted: ${row.title}`,
        excerpt: excerptOf(row.statement),
        path,
      },
      briefingIds: [],
      followUp: { kind: 'decision', id: row.id },
    };
  }

  private async action(
    type: 'action.assigned' | 'action.overdue',
    id: string,
  ): Promise<EventFacts | undefined> {
    const row = await this.db
      .selectFrom('action_item as a')
      .leftJoin('app_user as u', 'u.id', 'a.owner_id')
      .select([
        'a.id',
        'a.title',
        'a.status',
        'a.priority',
        'a.due_on as dueOn',
        'u.display_name as ownerName',
        'u.handle as ownerHandle',
      ])
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const path = `/actions/${row.id}`;
    const owner = row.ownerHandle ? { displayName: row.ownerName, handle: row.ownerHandle } : null;
    return {
      type,
      data: {
        action: {
          id: row.id,
          title: row.title,
          status: row.status,
          priority: row.priority,
          dueOn: row.dueOn ? String(row.dueOn) : null,
          owner,
        },
        path,
      },
      card: {
        headline:
          type === 'action.overdue'
            ? `Overdue: ${row.title}`
            : `${row.ownerName ?? 'Someone'} was assigned: ${row.title}`,
        excerpt: row.dueOn ? `Due ${String(row.dueOn)}` : null,
        path,
      },
      briefingIds: [],
      followUp: { kind: 'action', id: row.id },
    };
  }
}
