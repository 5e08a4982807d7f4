import { Module } from '@nestjs/common';
import { FollowUpAudience } from '../links/follow-up-audience.js';
import { DiscussionsModule } from '../discussions/discussions.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { DecisionsController } from './decisions.controller.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DecisionsService } from './decisions.service.js';

@Module({
  imports: [RealtimeModule, DiscussionsModule],
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionsRepository, FollowUpLinks, ActivityLog, FollowUpAudience],
})
export class DecisionsModule {}
