import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ActivityLog } from './activity-log.repository.js';
import { FollowUpAudience } from './follow-up-audience.js';
import { FollowUpAudienceRepository } from './follow-up-audience.repository.js';
import { FollowUpLinks } from './follow-up-links.repository.js';

/**
 * What action items and decisions share: their typed links, their activity log and the audience
 * of their live changes. One instance of each for both modules (the audience keeps per-entity
 * ordering state, which two copies would split).
 */
@Module({
  imports: [RealtimeModule],
  providers: [FollowUpLinks, ActivityLog, FollowUpAudience, FollowUpAudienceRepository],
  exports: [FollowUpLinks, ActivityLog, FollowUpAudience],
})
export class LinksModule {}
