import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { toUserDto, UpdateProfileDto } from '../users/users.dto.js';
import { Access } from './access.decorator.js';
import type { AuthContext } from './auth-context.js';
import {
  ChangePasswordDto,
  CreatedTokenDto,
  CreateTokenDto,
  LoginDto,
  MeDto,
  SessionDto,
  SetupStateDto,
  SignupDto,
  TokenIdParams,
  TokenListDto,
} from './auth.dto.js';
import { AuthService, type ClientMeta } from './auth.service.js';
import { Client, CurrentAuth } from './current-auth.decorator.js';
import { SessionCookie } from './session-cookie.js';
import { TotpChallengeDto } from './totp/totp.dto.js';
import { SetupService } from './setup.service.js';
import { PasswordSignInGuard } from './oidc/password-sign-in.guard.js';

@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth()
@SkipThrottle({ comments: true })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly service: AuthService,
    private readonly cookie: SessionCookie,
    private readonly setup: SetupService,
  ) {}

  @Get('setup')
  @Access('public')
  @ApiOkResponse({ type: SetupStateDto })
  async getSetupStatus(): Promise<SetupStateDto> {
    return { needsSetup: await this.service.needsSetup() };
  }

  @Post('signup')
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @ApiCreatedResponse({ type: SessionDto, description: 'Also sets the session cookie.' })
  async signup(
    @Body() dto: SignupDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.withCookie(reply, await this.setup.signup(dto, client));
  }

  @Post('login')
  @HttpCode(200)
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @UseGuards(PasswordSignInGuard)
  @ApiExtraModels(TotpChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(SessionDto) }, { $ref: getSchemaPath(TotpChallengeDto) }],
    },
    description:
      'A session (also set as the cookie), or a second-factor challenge: finish with POST /api/auth/login/totp.',
  })
  async login(
    @Body() dto: LoginDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | TotpChallengeDto> {
    const result = await this.service.login(dto, client);
    return 'token' in result ? this.withCookie(reply, result) : result;
  }

  @Post('logout')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Signed out; the cookie is cleared.' })
  async logout(
    @CurrentAuth() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.service.logout(auth);
    this.cookie.clear(reply);
  }

  @Get('me')
  @Access('viewer')
  @ApiOkResponse({ type: MeDto })
  getMe(@CurrentAuth() auth: AuthContext): MeDto {
    return { user: toUserDto({ ...auth.user, active: true }) };
  }

  @Patch('me')
  @Access('viewer')
  @ApiOkResponse({
    type: MeDto,
    description: 'The handle is unique case-insensitively (409 HANDLE_TAKEN).',
  })
  async updateMe(@CurrentAuth() auth: AuthContext, @Body() dto: UpdateProfileDto): Promise<MeDto> {
    return { user: await this.service.updateProfile(auth, dto) };
  }

  @Post('password')
  @HttpCode(204)
  @Access('viewer')
  @UseGuards(ThrottlerGuard)
  @ApiNoContentResponse({ description: 'Changed; every other session and token ends.' })
  changePassword(@CurrentAuth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.service.changePassword(auth, dto);
  }

  @Get('tokens')
  @Access('viewer')
  @ApiOkResponse({ type: TokenListDto })
  async listTokens(@CurrentAuth() auth: AuthContext): Promise<TokenListDto> {
    return { tokens: await this.service.listTokens(auth) };
  }

  @Post('tokens')
  @Access('viewer')
  @ApiCreatedResponse({ type: CreatedTokenDto })
  createToken(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateTokenDto,
  ): Promise<CreatedTokenDto> {
    return this.service.createToken(auth, dto);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Revoked.' })
  revokeToken(@CurrentAuth() auth: AuthContext, @Param() params: TokenIdParams): Promise<void> {
    return this.service.revokeToken(auth, params.id);
  }

  private withCookie(reply: FastifyReply, session: SessionDto): SessionDto {
    this.cookie.set(reply, session.token);
    return session;
  }
}
