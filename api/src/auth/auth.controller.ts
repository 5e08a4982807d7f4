import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { toUserDto } from '../users/users.dto.js';
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

@ApiTags('auth')
@ApiBearerAuth()
@ApiCookieAuth()
@SkipThrottle({ comments: true })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly service: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('setup')
  @Access('public')
  async setup(): Promise<SetupStateDto> {
    return { needsSetup: await this.service.needsSetup() };
  }

  @Post('signup')
  @Access('public')
  @UseGuards(ThrottlerGuard)
  async signup(
    @Body() dto: SignupDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.withCookie(reply, await this.service.signup(dto, client));
  }

  @Post('login')
  @HttpCode(200)
  @Access('public')
  @UseGuards(ThrottlerGuard)
  async login(
    @Body() dto: LoginDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.withCookie(reply, await this.service.login(dto, client));
  }

  @Post('logout')
  @HttpCode(204)
  @Access('viewer')
  async logout(
    @CurrentAuth() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.service.logout(auth);
    this.cookie.clear(reply);
  }

  @Get('me')
  @Access('viewer')
  me(@CurrentAuth() auth: AuthContext): MeDto {
    return { user: toUserDto({ ...auth.user, active: true }) };
  }

  @Post('password')
  @HttpCode(204)
  @Access('viewer')
  @UseGuards(ThrottlerGuard)
  changePassword(@CurrentAuth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.service.changePassword(auth, dto);
  }

  @Get('tokens')
  @Access('viewer')
  async listTokens(@CurrentAuth() auth: AuthContext): Promise<TokenListDto> {
    return { tokens: await this.service.listTokens(auth) };
  }

  @Post('tokens')
  @Access('viewer')
  createToken(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateTokenDto,
  ): Promise<CreatedTokenDto> {
    return this.service.createToken(auth, dto);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @Access('viewer')
  revokeToken(@CurrentAuth() auth: AuthContext, @Param() params: TokenIdParams): Promise<void> {
    return this.service.revokeToken(auth, params.id);
  }

  private withCookie(reply: FastifyReply, session: SessionDto): SessionDto {
    this.cookie.set(reply, session.token);
    return session;
  }
}
