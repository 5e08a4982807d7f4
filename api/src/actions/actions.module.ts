import { Module } from '@nestjs/common';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { ActionsController } from './actions.controller.js';
import { ActionsRepository } from './actions.repository.js';
import { ActionsService } from './actions.service.js';
import { FollowUpsController } from './follow-ups.controller.js';

@Module({
  controllers: [ActionsController, FollowUpsController],
  providers: [ActionsService, ActionsRepository, FollowUpLinks, ActivityLog],
})
export class ActionsModule {}
