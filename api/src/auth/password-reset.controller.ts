import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { UserIdParams } from '../users/users.dto.js';
import { Access } from './access.decorator.js';
import type { AuthContext } from './auth-context.js';
import type { ClientMeta } from './auth.service.js';
import { Client, CurrentAuth } from './current-auth.decorator.js';
import {
  AcceptedDto,
  ConfirmPasswordResetDto,
  RequestPasswordResetDto,
  ResetLinkDto,
} from './password-reset.dto.js';
import { PasswordResetService } from './password-reset.service.js';

/** Forgotten passwords: ask for a link by e-mail, then set a new password with it. */
@ApiTags('auth')
@Access('public')
@UseGuards(ThrottlerGuard)
@SkipThrottle({ comments: true })
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: AcceptedDto,
    description:
      'Always, whether or not the address has an account; an account that can reset gets a link by e-mail (when SMTP is set). 429 when asked too often for one address or from one client.',
  })
  requestPasswordReset(
    @Body() dto: RequestPasswordResetDto,
    @Client() client: ClientMeta,
  ): Promise<AcceptedDto> {
    return this.service.request(dto.email, client);
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Password set; every session and API token of the account ends. 400 LINK_INVALID when the link is unknown, used, expired or outdated.',
  })
  confirmPasswordReset(
    @Body() dto: ConfirmPasswordResetDto,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.service.confirm(dto, client);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Access('admin')
@Controller('admin/users')
export class AdminPasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post(':id/password-reset')
  @ApiCreatedResponse({
    type: ResetLinkDto,
    description: 'A one-time reset link for the admin to hand over; earlier links of the user end.',
  })
  issuePasswordResetLink(
    @CurrentAuth() auth: AuthContext,
    @Param() params: UserIdParams,
    @Client() client: ClientMeta,
  ): Promise<ResetLinkDto> {
    return this.service.issueByAdmin(auth, params.id, client);
  }
}
