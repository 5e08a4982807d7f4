import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { DiscussionsController } from './discussions.controller.js';
import { DiscussionsGateway } from './discussions.gateway.js';
import { DiscussionsRepository } from './discussions.repository.js';
import { DiscussionsService } from './discussions.service.js';
import { ThreadNotes, ThreadNotesController } from './thread-notes.js';

@Module({
  imports: [RealtimeModule, NotificationsModule],
  controllers: [DiscussionsController, ThreadNotesController],
  providers: [DiscussionsService, DiscussionsRepository, DiscussionsGateway, ThreadNotes],
  exports: [DiscussionsService, ThreadNotes],
})
export class DiscussionsModule {}
