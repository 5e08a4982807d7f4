import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { InvitesController } from './invites.controller.js';
import { InviteDeliveryController } from './invite-delivery.controller.js';
import { InviteDelivery } from './invite-delivery.js';
import { InviteDeliveryRepository } from './invite-delivery.repository.js';
import { MailModule } from '../mail/mail.module.js';

@Module({
  imports: [UsersModule, AuthModule, MailModule],
  controllers: [AdminController, InvitesController, InviteDeliveryController],
  providers: [AdminService, InviteDelivery, InviteDeliveryRepository],
  exports: [AdminService],
})
export class AdminModule {}
