import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthModule } from './auth.module.js';
import {
  AdminPasswordResetController,
  PasswordResetController,
} from './password-reset.controller.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetService } from './password-reset.service.js';
import { ProfileController } from './profile.controller.js';
import { ProfileRepository } from './profile.repository.js';
import { ProfileService } from './profile.service.js';

/** Account recovery and self-service: reset links, e-mail changes, one's own sessions. */
@Module({
  imports: [AuthModule, UsersModule, MailModule, JobsModule],
  controllers: [PasswordResetController, AdminPasswordResetController, ProfileController],
  providers: [PasswordResetService, PasswordResetRepository, ProfileService, ProfileRepository],
})
export class PasswordResetModule {}
