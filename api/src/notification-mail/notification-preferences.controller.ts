import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  /** What the e-mail's unsubscribe link would turn off; changes nothing (scanners follow links). */
  @Get('notification-mail/unsubscribe')
  @Access('public')
  @ApiOkResponse({ type: UnsubscribedDto })
  previewUnsubscribe(@Query() query: UnsubscribeQuery): Promise<UnsubscribedDto> {
    return this.service.unsubscribe(query.token, false);
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
