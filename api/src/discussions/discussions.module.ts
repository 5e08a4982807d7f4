import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { DiscussionsController } from './discussions.controller.js';
import { DiscussionsGateway } from './discussions.gateway.js';
import { DiscussionsRepository } from './discussions.repository.js';
import { DiscussionsService } from './discussions.service.js';

@Module({
  imports: [RealtimeModule, NotificationsModule],
  controllers: [DiscussionsController],
  providers: [DiscussionsService, DiscussionsRepository, DiscussionsGateway],
  exports: [DiscussionsService],
})
export class DiscussionsModule {}
