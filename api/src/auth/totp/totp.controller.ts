import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Access } from '../access.decorator.js';
import type { AuthContext } from '../auth-context.js';
import { AuthService, type ClientMeta } from '../auth.service.js';
import { Client, CurrentAuth } from '../current-auth.decorator.js';
import { SessionCookie } from '../session-cookie.js';
import {
  RecoveryCodesDto,
  TotpChallengeBodyDto,
  TotpCodeDto,
  TotpDisableDto,
  TotpLoginDto,
  TotpSessionDto,
  TotpSetupDto,
  TotpStatusDto,
} from './totp.dto.js';
import { TotpService } from './totp.service.js';

/** Two-factor authentication: enrolment on one's account, and the second step of sign-in. */
@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth()
@SkipThrottle({ comments: true })
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class TotpController {
  constructor(
    private readonly totp: TotpService,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('totp')
  @Access('viewer')
  @ApiOkResponse({ type: TotpStatusDto })
  totpStatus(@CurrentAuth() auth: AuthContext): Promise<TotpStatusDto> {
    return this.totp.status(auth);
  }

  @Post('totp/setup')
  @HttpCode(200)
  @Access('viewer')
  @ApiOkResponse({ type: TotpSetupDto, description: 'A pending secret; confirm it with /enable.' })
  totpSetup(@CurrentAuth() auth: AuthContext): Promise<TotpSetupDto> {
    return this.totp.setup(auth);
  }

  @Post('totp/enable')
  @HttpCode(200)
  @Access('viewer')
  @ApiOkResponse({
    type: RecoveryCodesDto,
    description: 'On; the recovery codes are shown only here.',
  })
  totpEnable(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: TotpCodeDto,
    @Client() client: ClientMeta,
  ): Promise<RecoveryCodesDto> {
    return this.totp.enable(auth, dto.code, client);
  }

  @Post('totp/disable')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Off; the secret and recovery codes are deleted.' })
  totpDisable(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: TotpDisableDto,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.totp.disable(auth, dto, client);
  }

  @Post('totp/recovery-codes')
  @HttpCode(200)
  @Access('viewer')
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'New codes; the old ones stop working.' })
  totpRecoveryCodes(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: TotpCodeDto,
    @Client() client: ClientMeta,
  ): Promise<RecoveryCodesDto> {
    return this.totp.regenerateRecoveryCodes(auth, dto.code, client);
  }

  @Post('login/totp')
  @HttpCode(200)
  @Access('public')
  @ApiOkResponse({ type: TotpSessionDto, description: 'Signed in; also sets the session cookie.' })
  async loginTotp(
    @Body() dto: TotpLoginDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TotpSessionDto> {
    const { user, recoveryCodes } = await this.totp.completeChallenge(
      dto.challenge,
      dto.code,
      client,
    );
    const session = await this.auth.startSession(user, client);
    this.cookie.set(reply, session.token);
    return recoveryCodes ? { ...session, recoveryCodes } : session;
  }

  @Post('login/totp/setup')
  @HttpCode(200)
  @Access('public')
  @ApiOkResponse({
    type: TotpSetupDto,
    description:
      'For a challenge with enrolmentRequired: the secret to enrol, then POST /login/totp with a code.',
  })
  loginTotpSetup(@Body() dto: TotpChallengeBodyDto): Promise<TotpSetupDto> {
    return this.totp.challengeSetup(dto.challenge);
  }
}
