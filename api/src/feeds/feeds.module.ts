import { Module } from '@nestjs/common';
import { BriefingsModule } from '../briefings/briefings.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboundModule } from '../outbound/outbound.module.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';

@Module({
  imports: [BriefingsModule, JobsModule, OutboundModule],
  controllers: [FeedsController],
  providers: [FeedsService, FeedsRepository],
})
export class FeedsModule {}
