import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OutboundModule } from '../outbound/outbound.module.js';
import { BriefingParser } from './briefing-parser.js';
import { BriefingsController } from './briefings.controller.js';
import { BriefingsRepository } from './briefings.repository.js';
import { BriefingsService } from './briefings.service.js';
import { UrlImportController } from './url-import.controller.js';

@Module({
  imports: [AuthModule, OutboundModule],
  controllers: [BriefingsController, UrlImportController],
  providers: [BriefingsService, BriefingsRepository, BriefingParser],
  exports: [BriefingsService],
})
export class BriefingsModule {}
