import { Module } from '@nestjs/common';
import { DiscussionsModule } from '../discussions/discussions.module.js';
import { LinksModule } from '../links/links.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { DecisionsController } from './decisions.controller.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DecisionsService } from './decisions.service.js';

@Module({
  imports: [RealtimeModule, DiscussionsModule, LinksModule],
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionsRepository],
})
export class DecisionsModule {}
