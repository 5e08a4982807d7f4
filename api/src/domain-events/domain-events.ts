import type { Kysely } from 'kysely';
import type { DB } from '../database/schema.js';

/** What happened; ids only: consumers read what they need when they handle it. */
export type DomainEvent =
  | { type: 'briefing.imported'; briefingId: string; created: boolean }
  | { type: 'comment.created'; commentId: string; threadId: string }
  | { type: 'thread.resolved'; threadId: string; actorId: string | null }
  | { type: 'decision.proposed'; decisionId: string; actorId: string | null }
  | { type: 'decision.accepted'; decisionId: string; actorId: string | null }
  | { type: 'action.assigned'; actionId: string; ownerId: string; actorId: string | null }
  | { type: 'action.overdue'; actionId: string };

/**
 * Writes events to the outbox (`domain_event`) through `trx`, the transaction of the change they
 * announce: they commit with it or not at all, and the relay delivers them after commit, across
 * restarts. Call it inside the repository's transaction, never after it.
 */
export async function recordDomainEvents(trx: Kysely<DB>, events: DomainEvent[]): Promise<void> {
  if (!events.length) return;
  await trx
    .insertInto('domain_event')
    .values(events.map((event) => ({ type: event.type, payload: JSON.stringify(event) })))
    .execute();
}
