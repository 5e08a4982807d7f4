import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { IsCalendarDate } from '../links/calendar-date.js';
import { LINK_TYPES, LinkDto, type LinkType } from '../links/follow-up-links.js';
import { ActivityEntryDto, ResolvedLinkDto } from '../links/links.dto.js';

export const ACTION_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** At most this many watchers per request (`watcherIds`). */
export const MAX_WATCHERS = 50;

export class CreateActionDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 300) title: string;
  @ApiPropertyOptional({ description: 'Markdown.' })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsUUID()
  ownerId?: string | null;
  @ApiPropertyOptional({ example: '2026-06-01', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsCalendarDate()
  dueOn?: string | null;
  @ApiPropertyOptional({ enum: PRIORITIES, enumName: 'Priority' })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;
  @ApiPropertyOptional({ type: [LinkDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LinkDto)
  links?: LinkDto[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Users who hear about changes and reminders; each must be active and may read the action.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_WATCHERS)
  @IsUUID('all', { each: true })
  watcherIds?: string[];
}

export class UpdateActionDto {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(20_000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsUUID()
  ownerId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional({ nullable: true })
  @IsCalendarDate()
  dueOn?: string | null;
  @ApiPropertyOptional({ enum: PRIORITIES, enumName: 'Priority' })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, enumName: 'ActionStatus' })
  @Optional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
  @ApiPropertyOptional({ type: [LinkDto], description: 'Links to add.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LinkDto)
  links?: LinkDto[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the set of watchers (each active and able to read the action).',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_WATCHERS)
  @IsUUID('all', { each: true })
  watcherIds?: string[];
}

export class ActionListQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses.' })
  @Optional()
  @IsString()
  @MaxLength(100)
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() ownerId?: string;
  @ApiPropertyOptional({ enum: PRIORITIES, enumName: 'Priority' })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;
  @ApiPropertyOptional({ enum: ['true', 'false'], enumName: 'BooleanString' })
  @Optional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional() @Optional() @IsCalendarDate() dueFrom?: string;
  @ApiPropertyOptional() @Optional() @IsCalendarDate() dueTo?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Actions linked to this briefing or anything in it.',
  })
  @Optional()
  @IsUUID()
  briefingId?: string;
  @ApiPropertyOptional({
    description:
      'Comma-separated tag names: actions tied (directly or through an item, prompt or comment) to a briefing with any of them.',
  })
  @Optional()
  @IsString()
  @MaxLength(300)
  tag?: string;
  @ApiPropertyOptional({
    enum: LINK_TYPES,
    enumName: 'LinkType',
    description: 'With linkId: actions linked to this thing ("the source shows its actions").',
  })
  @Optional()
  @IsIn(LINK_TYPES)
  linkType?: LinkType;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() linkId?: string;
  @ApiPropertyOptional({ enum: ['due', 'created', 'priority', 'updated'], enumName: 'ActionSort' })
  @Optional()
  @IsIn(['due', 'created', 'priority', 'updated'])
  sort?: 'due' | 'created' | 'priority' | 'updated';
  @ApiPropertyOptional({ default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;
  @ApiPropertyOptional({ default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ActionIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

/** Someone an action names: its owner or a watcher. */
export class UserRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'What @mentions use.' }) handle: string;
}
/** Kept for the services that build actions. */
export type UserRef = UserRefDto;

export class ActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Markdown.' }) description: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) owner: UserRefDto | null;
  @ApiProperty({
    type: [UserRefDto],
    description:
      'Who else hears about this action (changes by others, reminders), by display name.',
  })
  watchers: UserRefDto[];
  @ApiProperty({ enum: ACTION_STATUSES, enumName: 'ActionStatus' }) status: ActionStatus;
  @ApiProperty({ enum: PRIORITIES, enumName: 'Priority' }) priority: Priority;
  @ApiProperty({ nullable: true, type: String, example: '2026-06-01' }) dueOn: string | null;
  @ApiProperty({ description: 'Due date passed and neither done nor cancelled.' }) overdue: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiPropertyOptional({ type: [ResolvedLinkDto], description: 'Only on GET /actions/:id.' })
  links?: ResolvedLinkDto[];
  @ApiPropertyOptional({ type: [ActivityEntryDto], description: 'Only on GET /actions/:id.' })
  activity?: ActivityEntryDto[];
}

export class ActionListDto {
  @ApiProperty({ type: [ActionDto] }) actions: ActionDto[];
}

export class CalendarFeedDto {
  @ApiProperty({ description: 'The secret calendar address; the previous one stops working.' })
  url: string;
}
