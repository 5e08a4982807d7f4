import { Module } from '@nestjs/common';
import { BriefingParser } from './briefing-parser.js';
import { BriefingsController } from './briefings.controller.js';
import { BriefingsRepository } from './briefings.repository.js';
import { BriefingsService } from './briefings.service.js';

@Module({
  controllers: [BriefingsController],
  providers: [BriefingsService, BriefingsRepository, BriefingParser],
  exports: [BriefingsService],
})
export class BriefingsModule {}
