import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  NotificationPreferencesDto,
  UnsubscribedDto,
  UnsubscribeQuery,
  UpdateNotificationPreferencesDto,
} from './notification-preferences.dto.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationPreferencesController {
  constructor(private readonly service: NotificationPreferencesService) {}

  @Get('notification-preferences')
  @Access('viewer')
  @ApiOkResponse({ type: NotificationPreferencesDto })
  getNotificationPreferences(
    @CurrentAuth() auth: AuthContext,
  ): Promise<NotificationPreferencesDto> {
    return this.service.get(auth);
  }

  @Put('notification-preferences')
  @Access('viewer')
  @ApiOkResponse({ type: NotificationPreferencesDto })
  updateNotificationPreferences(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    return this.service.update(auth, dto.preferences);
  }

  /**
   * What the e-mail's unsubscribe link would turn off; changes nothing (scanners follow links). A
   * browser (a mail client opening the List-Unsubscribe address) is sent to the page that asks.
   */
  @Get('notification-mail/unsubscribe')
  @Access('public')
  @ApiOkResponse({ type: UnsubscribedDto })
  @ApiResponse({
    status: 303,
    description:
      'For a browser (Accept: text/html): to the web page that asks before it unsubscribes.',
  })
  async previewUnsubscribe(
    @Query() query: UnsubscribeQuery,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (accept?.includes('text/html')) {
      await reply
        .code(303)
        .header('location', `/unsubscribe?token=${encodeURIComponent(query.token)}`)
        .header('cache-control', 'no-store')
        .send();
      return;
    }
    await reply.send(await this.service.unsubscribe(query.token, false));
  }

  /** RFC 8058 one-click unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click`; no sign-in. */
  @Post('notification-mail/unsubscribe')
  @HttpCode(200)
  @Access('public')
  @ApiOkResponse({ type: UnsubscribedDto })
  unsubscribe(@Query() query: UnsubscribeQuery): Promise<UnsubscribedDto> {
    return this.service.unsubscribe(query.token, true);
  }
}
