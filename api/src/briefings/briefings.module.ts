import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BriefingParser } from './briefing-parser.js';
import { BriefingsController } from './briefings.controller.js';
import { BriefingsRepository } from './briefings.repository.js';
import { BriefingsService } from './briefings.service.js';

@Module({
  imports: [AuthModule],
  controllers: [BriefingsController],
  providers: [BriefingsService, BriefingsRepository, BriefingParser],
  exports: [BriefingsService],
})
export class BriefingsModule {}
