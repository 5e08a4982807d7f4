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
import { LINK_TYPES, LinkDto, type LinkType, type ResolvedLink } from '../links/follow-up-links.js';

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
  @ApiPropertyOptional({ enum: PRIORITIES }) @Optional() @IsIn(PRIORITIES) priority?: Priority;
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
  @ApiPropertyOptional({ enum: PRIORITIES }) @Optional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
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
  @ApiPropertyOptional({ enum: PRIORITIES }) @Optional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
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
    description: 'With linkId: actions linked to this thing ("the source shows its actions").',
  })
  @Optional()
  @IsIn(LINK_TYPES)
  linkType?: LinkType;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() linkId?: string;
  @ApiPropertyOptional({ enum: ['due', 'created', 'priority', 'updated'] })
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

export interface UserRef {
  id: string;
  displayName: string;
  handle: string;
}

export interface ActionDto {
  id: string;
  title: string;
  description: string;
  owner: UserRef | null;
  /** Who else hears about this action (changes by others, reminders), by display name. */
  watchers: UserRef[];
  status: ActionStatus;
  priority: Priority;
  dueOn: string | null;
  overdue: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  links?: ResolvedLink[];
  activity?: Array<{
    actor: { id: string; displayName: string } | null;
    change: Record<string, unknown>;
    at: string;
  }>;
}
