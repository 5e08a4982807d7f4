import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '../access.decorator.js';
import type { ClientMeta } from '../auth.service.js';
import { Client } from '../current-auth.decorator.js';
import { SessionCookie } from '../session-cookie.js';
import { AuthProvidersDto, OidcLoginQuery } from './oidc.dto.js';
import { OidcStateCookie } from './oidc-state-cookie.js';
import { OidcRefusal, OidcService } from './oidc.service.js';

@ApiTags('auth')
@SkipThrottle({ comments: true })
@Controller('auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly sessionCookie: SessionCookie,
    private readonly stateCookie: OidcStateCookie,
  ) {}

  @Get('providers')
  @Access('public')
  @ApiOkResponse({ type: AuthProvidersDto, description: 'How people sign in here.' })
  providers(): AuthProvidersDto {
    return this.oidc.providers();
  }

  @Get('oidc/login')
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @ApiFoundResponse({
    description:
      'To the provider (sets a short-lived state cookie); 404 when single sign-on is not configured.',
  })
  async oidcLogin(@Query() query: OidcLoginQuery, @Res() reply: FastifyReply): Promise<void> {
    this.oidc.requireConfigured();
    try {
      const start = await this.oidc.begin({ returnTo: query.returnTo, loginHint: query.loginHint });
      this.stateCookie.set(reply, start.state);
      await redirect(reply, start.location);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      await redirect(reply, `/login?error=${error.code}`);
    }
  }

  @Get('oidc/callback')
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({ name: 'state', required: false, type: String })
  @ApiQuery({
    name: 'error',
    required: false,
    type: String,
    description: 'Set by the provider when it refused.',
  })
  @ApiFoundResponse({
    description:
      'Signed in (session cookie set): to `returnTo` or `/`. Refused: to `/login?error=<code>`.',
  })
  async oidcCallback(
    @Req() request: FastifyRequest,
    @Client() client: ClientMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.oidc.requireConfigured();
    // The provider's parameters are read as sent: whatever else it adds must not turn into a 400.
    const query = new URL(request.url, 'http://callback.invalid').searchParams;
    const browserState = this.stateCookie.read(request);
    this.stateCookie.clear(reply);
    try {
      const { session, returnTo } = await this.oidc.finish(query, browserState, client);
      this.sessionCookie.set(reply, session.token);
      await redirect(reply, returnTo);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      await redirect(reply, `/login?error=${error.code}`);
    }
  }
}

async function redirect(reply: FastifyReply, location: string): Promise<void> {
  await reply.code(302).header('location', location).header('cache-control', 'no-store').send();
}
