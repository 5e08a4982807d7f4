import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Optional } from '../common/validation.js';
import { PersonDto } from '../discussions/discussions.dto.js';
import type { NotificationKind } from './notification.entity.js';

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'activity',
  'action.due_soon',
  'action.overdue',
  'action.changed',
  'decision.review_due',
  'saved_search',
] as const satisfies readonly NotificationKind[];
// Fails to compile when the entity gains a kind this list lacks.
const everyKindListed: Exclude<NotificationKind, (typeof NOTIFICATION_KINDS)[number]> extends never
  ? true
  : false = true;
void everyKindListed;

export class NotificationQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], enumName: 'BooleanString' })
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

export class NotificationThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class NotificationActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-06-01' }) dueOn: string | null;
  @ApiProperty() status: string;
}

export class NotificationDecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, example: '2027-01-15' }) reviewBy: string | null;
}

export class NotificationSavedSearchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() query: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "The search page's own parameters (type, tags, status, from, to, …).",
  })
  filters: Record<string, string>;
  @ApiProperty({ description: 'How many new results its latest check found.' }) newHits: number;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) kind: NotificationKind;
  @ApiProperty({
    type: NotificationThreadDto,
    nullable: true,
    description: 'Null for reminders and saved-search alerts.',
  })
  thread: NotificationThreadDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) commentId: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'What the comment said, as plain text shortened to 280 characters (the e-mail shows the same).',
  })
  excerpt?: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) actor: PersonDto | null;
  @ApiPropertyOptional({
    type: NotificationActionDto,
    nullable: true,
    description: 'Action reminders and changes.',
  })
  action?: NotificationActionDto | null;
  @ApiPropertyOptional({
    type: NotificationDecisionDto,
    nullable: true,
    description: '`decision.review_due`.',
  })
  decision?: NotificationDecisionDto | null;
  @ApiPropertyOptional({
    type: NotificationSavedSearchDto,
    nullable: true,
    description: '`saved_search`.',
  })
  savedSearch?: NotificationSavedSearchDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) notifications: NotificationDto[];
  @ApiProperty({ description: 'Capped at 100.' }) unreadCount: number;
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class UnreadCountDto {
  @ApiProperty({ description: 'Capped at 100 (shown as 99+).' }) count: number;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many remain unread.' }) unreadCount: number;
}
