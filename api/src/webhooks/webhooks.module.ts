import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboundModule } from '../outbound/outbound.module.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookEventFacts } from './webhook-event-facts.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [AuditModule, JobsModule, OutboundModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDeliveryService, WebhookEventFacts],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
