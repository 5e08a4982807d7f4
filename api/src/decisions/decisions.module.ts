import { Module } from '@nestjs/common';
import { FollowUpLinks } from '../links/follow-up-links.js';
import { DecisionsController } from './decisions.controller.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DecisionsService } from './decisions.service.js';

@Module({
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionsRepository, FollowUpLinks],
})
export class DecisionsModule {}
