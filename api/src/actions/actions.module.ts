import { Module } from '@nestjs/common';
import { FollowUpAudience } from '../links/follow-up-audience.js';
import { DiscussionsModule } from '../discussions/discussions.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { ActionsController } from './actions.controller.js';
import { ActionsGateway } from './actions.gateway.js';
import { ActionsRepository } from './actions.repository.js';
import { ActionsService } from './actions.service.js';
import { FollowUpsController } from './follow-ups.controller.js';

@Module({
  imports: [RealtimeModule, DiscussionsModule, NotificationsModule],
  controllers: [ActionsController, FollowUpsController],
  providers: [
    ActionsService,
    ActionsRepository,
    FollowUpLinks,
    ActivityLog,
    FollowUpAudience,
    ActionsGateway,
  ],
})
export class ActionsModule {}
