import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { DomainEventRelay } from './domain-event-relay.js';
import { DomainEventsRepository } from './domain-events.repository.js';

/** The domain-event outbox's relay, which features that reach outside subscribe to. */
@Global()
@Module({
  imports: [JobsModule],
  providers: [DomainEventRelay, DomainEventsRepository],
  exports: [DomainEventRelay],
})
export class DomainEventsModule {}
