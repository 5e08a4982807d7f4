import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Optional } from '../common/validation.js';
import { NotificationsService } from './notifications.service.js';

export class NotificationQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class MarkNotificationsDto {
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiProperty({ required: false })
  @Optional()
  @IsBoolean()
  all?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly service: NotificationsService) {}

  @Get()
  @Access('viewer')
  list(@CurrentAuth() auth: AuthContext, @Query() query: NotificationQuery) {
    return this.service.list(auth, query.unread === 'true', query.cursor);
  }

  @Get('unread-count')
  @Access('viewer')
  unreadCount(@CurrentAuth() auth: AuthContext): Promise<{ count: number }> {
    return this.service.unreadCount(auth);
  }

  @Post('read')
  @HttpCode(200)
  @Access('viewer')
  markRead(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: MarkNotificationsDto,
  ): Promise<{ unreadCount: number }> {
    if (!dto.all && !dto.ids?.length)
      throw new DomainError('VALIDATION_FAILED', 'Give ids or all: true.');
    return this.service.markRead(auth, dto.all ? 'all' : (dto.ids as string[]));
  }
}
