import { Body, Controller, Get, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { SessionDto } from '../auth/auth.dto.js';
import type { ClientMeta } from '../auth/auth.service.js';
import { Client } from '../auth/current-auth.decorator.js';
import { SessionCookie } from '../auth/session-cookie.js';
import { AcceptInviteDto, InviteTokenParams, PublicInviteDto } from '../users/users.dto.js';
import { AdminService } from './admin.service.js';

/** The invitee's side of an invitation: read it, then accept it with a name and password. */
@ApiTags('auth')
@Access('public')
@UseGuards(ThrottlerGuard)
@SkipThrottle({ comments: true })
@Controller('invites')
export class InvitesController {
  constructor(
    private readonly service: AdminService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get(':token')
  @ApiOkResponse({ type: PublicInviteDto })
  getInvite(@Param() params: InviteTokenParams): Promise<PublicInviteDto> {
    return this.service.showInvite(params.token);
  }

  @Post(':token/accept')
  @ApiCreatedResponse({ type: SessionDto, description: 'Also sets the session cookie.' })
  async acceptInvite(
    @Param() params: InviteTokenParams,
    @Body() dto: AcceptInviteDto,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    const session = await this.service.acceptInvite(params.token, dto, client);
    this.cookie.set(reply, session.token);
    return session;
  }
}
