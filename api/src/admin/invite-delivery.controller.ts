import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { CreatedInviteDto, UserIdParams } from '../users/users.dto.js';
import { InviteDelivery } from './invite-delivery.js';

@ApiTags('admin')
@ApiBearerAuth()
@Access('admin')
@Controller('admin/invites')
export class InviteDeliveryController {
  constructor(private readonly delivery: InviteDelivery) {}

  @Post(':id/resend')
  @ApiCreatedResponse({
    type: CreatedInviteDto,
    description:
      'A new one-time link for an open invitation, valid 7 days again; the old link stops working. E-mailed when SMTP is set.',
  })
  resendInvite(
    @CurrentAuth() auth: AuthContext,
    @Param() params: UserIdParams,
  ): Promise<CreatedInviteDto> {
    return this.delivery.resend(auth, params.id);
  }
}
