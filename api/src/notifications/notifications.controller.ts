import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import {
  MarkedReadDto,
  MarkNotificationsDto,
  NotificationPageDto,
  NotificationQuery,
  UnreadCountDto,
} from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly service: NotificationsService) {}

  @Get()
  @Access('viewer')
  @ApiOkResponse({ type: NotificationPageDto, description: 'Newest first.' })
  listNotifications(
    @CurrentAuth() auth: AuthContext,
    @Query() query: NotificationQuery,
  ): Promise<NotificationPageDto> {
    return this.service.list(auth, query.unread === 'true', query.cursor);
  }

  @Get('unread-count')
  @Access('viewer')
  @ApiOkResponse({ type: UnreadCountDto })
  getUnreadNotificationCount(@CurrentAuth() auth: AuthContext): Promise<UnreadCountDto> {
    return this.service.unreadCount(auth);
  }

  @Post('read')
  @HttpCode(200)
  @Access('viewer')
  @ApiOkResponse({ type: MarkedReadDto })
  markNotificationsRead(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: MarkNotificationsDto,
  ): Promise<MarkedReadDto> {
    if (!dto.all && !dto.ids?.length)
      throw new DomainError('VALIDATION_FAILED', 'Give ids or all: true.');
    return this.service.markRead(auth, dto.all ? 'all' : (dto.ids as string[]));
  }
}
