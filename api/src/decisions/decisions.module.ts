import { Module } from '@nestjs/common';
import { ActivityLog } from '../links/activity-log.js';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { DecisionsController } from './decisions.controller.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DecisionsService } from './decisions.service.js';

@Module({
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionsRepository, FollowUpLinks, ActivityLog],
})
export class DecisionsModule {}
