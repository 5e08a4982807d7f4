import { Module } from '@nestjs/common';
import { DiscussionsModule } from '../discussions/discussions.module.js';
import { LinksModule } from '../links/links.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ActionsController } from './actions.controller.js';
import { ActionsGateway } from './actions.gateway.js';
import { ActionsRepository } from './actions.repository.js';
import { ActionsService } from './actions.service.js';
import { FollowUpsController } from './follow-ups.controller.js';

@Module({
  imports: [RealtimeModule, DiscussionsModule, NotificationsModule, LinksModule],
  controllers: [ActionsController, FollowUpsController],
  providers: [ActionsService, ActionsRepository, ActionsGateway],
})
export class ActionsModule {}
