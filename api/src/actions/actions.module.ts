import { Module } from '@nestjs/common';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { ActionsController } from './actions.controller.js';
import { ActionsRepository } from './actions.repository.js';
import { ActionsService } from './actions.service.js';

@Module({
  controllers: [ActionsController],
  providers: [ActionsService, ActionsRepository, FollowUpLinks],
})
export class ActionsModule {}
