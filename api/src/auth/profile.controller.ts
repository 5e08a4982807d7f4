import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Access } from './access.decorator.js';
import type { AuthContext } from './auth-context.js';
import { MeDto } from './auth.dto.js';
import { AcceptedDto } from './password-reset.dto.js';
import type { ClientMeta } from './auth.service.js';
import { Client, CurrentAuth } from './current-auth.decorator.js';
import {
  AccountSessionListDto,
  ChangeEmailDto,
  ConfirmEmailDto,
  EndedSessionsDto,
  SessionIdParams,
} from './profile.dto.js';
import { ProfileService } from './profile.service.js';

/** One's own account beyond name and handle: the e-mail address and the signed-in sessions. */
@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth()
@SkipThrottle({ comments: true })
@Controller('auth')
export class ProfileController {
  constructor(private readonly service: ProfileService) {}

  @Post('me/email')
  @HttpCode(202)
  @Access('viewer')
  @UseGuards(ThrottlerGuard)
  @ApiAcceptedResponse({
    type: AcceptedDto,
    description:
      'A confirmation link is e-mailed to the new address (nothing is sent when it has an account). 401 INVALID_CREDENTIALS for a wrong password; 409 when the server sends no e-mail.',
  })
  requestEmailChange(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ChangeEmailDto,
  ): Promise<AcceptedDto> {
    return this.service.requestEmailChange(auth, dto);
  }

  @Post('me/email/confirm')
  @HttpCode(200)
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({
    type: MeDto,
    description:
      'The address is changed. 400 LINK_INVALID for an unknown, used or expired link; 409 EMAIL_TAKEN when the address has an account meanwhile.',
  })
  async confirmEmailChange(
    @Body() dto: ConfirmEmailDto,
    @Client() client: ClientMeta,
  ): Promise<MeDto> {
    return { user: await this.service.confirmEmailChange(dto.token, client) };
  }

  @Get('sessions')
  @Access('viewer')
  @ApiOkResponse({ type: AccountSessionListDto })
  async listSessions(@CurrentAuth() auth: AuthContext): Promise<AccountSessionListDto> {
    return { sessions: await this.service.listSessions(auth) };
  }

  @Delete('sessions')
  @Access('viewer')
  @ApiOkResponse({
    type: EndedSessionsDto,
    description: 'Ends every session but the one this request came with.',
  })
  async endOtherSessions(
    @CurrentAuth() auth: AuthContext,
    @Client() client: ClientMeta,
  ): Promise<EndedSessionsDto> {
    return { ended: await this.service.endOtherSessions(auth, client) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Ended. 404 for a session that is not yours or not live.' })
  endSession(
    @CurrentAuth() auth: AuthContext,
    @Param() params: SessionIdParams,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.service.endSession(auth, params.id, client);
  }
}
