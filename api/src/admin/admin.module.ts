import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { InvitesController } from './invites.controller.js';

@Module({
  imports: [UsersModule, AuthModule],
  controllers: [AdminController, InvitesController],
  providers: [AdminService],
  exports: [AdminService],
})
export class AdminModule {}
