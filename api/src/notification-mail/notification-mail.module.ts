import { Module } from '@nestjs/common';
import { DiscussionsModule } from '../discussions/discussions.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MailTokens } from './mail-tokens.js';
import { NotificationMailRepository } from './notification-mail.repository.js';
import { NotificationMailService } from './notification-mail.service.js';
import { NotificationPreferencesController } from './notification-preferences.controller.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { OneClickBody } from './one-click-body.js';
import { ReplyByMailService } from './reply-by-mail.service.js';

/** Notification e-mail (preferences, sending, one-click unsubscribe) and reply by e-mail. */
@Module({
  imports: [DiscussionsModule, JobsModule, MailModule],
  controllers: [NotificationPreferencesController],
  providers: [
    MailTokens,
    NotificationMailRepository,
    NotificationMailService,
    NotificationPreferencesService,
    OneClickBody,
    ReplyByMailService,
  ],
  exports: [ReplyByMailService],
})
export class NotificationMailModule {}
