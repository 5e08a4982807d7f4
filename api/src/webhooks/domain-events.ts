import { Global, Injectable, Logger, Module } from '@nestjs/common';

/** What happened, after its transaction committed; ids only: listeners read what they need. */
export type DomainEvent =
  | { type: 'briefing.imported'; briefingId: string; created: boolean }
  | { type: 'comment.created'; commentId: string; threadId: string }
  | { type: 'thread.resolved'; threadId: string; actorId: string | null }
  | { type: 'decision.proposed'; decisionId: string; actorId: string | null }
  | { type: 'decision.accepted'; decisionId: string; actorId: string | null }
  | { type: 'action.assigned'; actionId: string; ownerId: string; actorId: string | null }
  | { type: 'action.overdue'; actionId: string };

export type DomainEventListener = (event: DomainEvent) => Promise<void>;

/**
 * The in-process announcement of committed changes to the features that reach outside (webhooks,
 * notification e-mail). A listener's failure is logged and never reaches the request that made
 * the change. Events of a process that dies between commit and announcement are lost: the
 * features fed by it are best-effort notifications, not the record (that is PostgreSQL's).
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly listeners: DomainEventListener[] = [];
  private readonly running = new Set<Promise<void>>();

  subscribe(listener: DomainEventListener): void {
    this.listeners.push(listener);
  }

  /** Hands the event to every listener in the background; returns at once. */
  emit(event: DomainEvent): void {
    for (const listener of this.listeners) {
      const run = listener(event)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, event: event.type }, 'a domain event listener failed'),
        )
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Waits for the listeners still running (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
