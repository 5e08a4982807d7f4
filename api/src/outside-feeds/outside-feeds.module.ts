import { Module } from '@nestjs/common';
import { OutsideFeedsController } from './outside-feeds.controller.js';
import { OutsideFeedsRepository } from './outside-feeds.repository.js';
import { OutsideFeedsService } from './outside-feeds.service.js';

/** Secret, revocable Atom feeds of a series and of decisions, for feed readers outside the app. */
@Module({
  controllers: [OutsideFeedsController],
  providers: [OutsideFeedsService, OutsideFeedsRepository],
})
export class OutsideFeedsModule {}
