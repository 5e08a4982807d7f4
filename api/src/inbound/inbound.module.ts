import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuthModule } from '../auth/auth.module.js';
import { BriefingsModule } from '../briefings/briefings.module.js';
import { NotificationMailModule } from '../notification-mail/notification-mail.module.js';
import { InboundMailListener } from './inbound-mail.listener.js';
import { InboundWebhookController } from './inbound-webhook.controller.js';
import { InboundService } from './inbound.service.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsRepository } from './integrations.repository.js';
import { IntegrationsService, WEBHOOK_PATH } from './integrations.service.js';
import { captureRawBody } from './raw-body.js';

/** Briefings that arrive on their own: inbound integrations, e-mail in and the signed webhook. */
@Module({
  imports: [AuthModule, BriefingsModule, NotificationMailModule],
  controllers: [IntegrationsController, InboundWebhookController],
  providers: [IntegrationsService, IntegrationsRepository, InboundService, InboundMailListener],
})
export class InboundModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // No HTTP server in command-line contexts (import, reindex): nothing to capture there.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) captureRawBody(fastify, new Set([WEBHOOK_PATH]));
  }
}
