import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  IsInt,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { IsCalendarDate } from '../links/calendar-date.js';
import { LINK_TYPES, LinkDto, type LinkType } from '../links/follow-up-links.js';
import { ActivityEntryDto, ActorDto, ResolvedLinkDto } from '../links/links.dto.js';
import { STANCES, type Stance } from './decision-stance.entity.js';

export { STANCES, type Stance };

export const DECISION_STATUSES = ['proposed', 'accepted', 'superseded', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const DECISION_SORTS = ['created', 'decided', 'review', 'updated'] as const;

export class CreateDecisionDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ description: 'What was decided.' })
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  statement: string;
  @ApiPropertyOptional({ description: 'Why.' })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  rationale?: string;
  @ApiPropertyOptional({ description: 'Alternatives considered.' })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  alternatives?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsUUID()
  threadId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsUUID()
  commentId?: string | null;
  @ApiPropertyOptional({ example: '2027-01-15', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsCalendarDate({ message: 'reviewBy must be a date like 2027-01-15' })
  reviewBy?: string | null;
  @ApiPropertyOptional({ type: [LinkDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LinkDto)
  links?: LinkDto[];
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Stances are taken until then (in the future); null: until accepted or rejected.',
  })
  @Optional({ nullable: true })
  @IsISO8601(
    { strict: true },
    { message: 'closesAt must be a date-time like 2027-01-15T17:00:00Z' },
  )
  closesAt?: string | null;
}

export class UpdateDecisionDto {
  @ApiPropertyOptional({
    enum: ['accepted', 'rejected', 'proposed'],
    enumName: 'DecisionStatusChange',
    description:
      'Editors accept or reject; superseding goes through POST /decisions/:id/supersede.',
  })
  @Optional()
  @IsIn(DECISION_STATUSES)
  status?: DecisionStatus;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(20_000) rationale?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional({ nullable: true })
  @IsCalendarDate({ message: 'reviewBy must be a date like 2027-01-15' })
  reviewBy?: string | null;
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'While proposed: when stances close (in the future), or null for no closing time.',
  })
  @Optional({ nullable: true })
  @IsISO8601(
    { strict: true },
    { message: 'closesAt must be a date-time like 2027-01-15T17:00:00Z' },
  )
  closesAt?: string | null;
}

export class SetStanceDto {
  @ApiProperty({ enum: STANCES, enumName: 'Stance' })
  @IsIn(STANCES)
  stance: Stance;
  @ApiPropertyOptional({ description: 'Why, in a few words (up to 1,000 characters).' })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(1_000)
  reason?: string;
}

/** How many stood where. */
export class TallyDto {
  @ApiProperty() agree: number;
  @ApiProperty() abstain: number;
  @ApiProperty() disagree: number;
  @ApiProperty({ description: 'Blocks: a strong objection the editor should see first.' })
  block: number;
}

export class StanceDto {
  @ApiProperty({ type: ActorDto }) user: ActorDto;
  @ApiProperty({ enum: STANCES, enumName: 'Stance' }) stance: Stance;
  @ApiProperty({ description: 'Empty when none was given.' }) reason: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DecisionListQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses.' })
  @Optional()
  @IsString()
  @MaxLength(100)
  status?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    enumName: 'BooleanString',
    description: 'Accepted decisions whose review date has come.',
  })
  @Optional()
  @IsIn(['true', 'false'])
  reviewDue?: 'true' | 'false';
  @ApiPropertyOptional({
    description:
      'Comma-separated tag names: decisions tied (through links or their thread) to a briefing with any of them.',
  })
  @Optional()
  @IsString()
  @MaxLength(300)
  tag?: string;
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Decided on or after.' })
  @Optional()
  @IsCalendarDate()
  decidedFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Decided on or before.' })
  @Optional()
  @IsCalendarDate()
  decidedTo?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Who accepted it.' })
  @Optional()
  @IsUUID()
  decidedBy?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Decisions proposed in, or linked to, this thread (or one of its comments).',
  })
  @Optional()
  @IsUUID()
  threadId?: string;
  @ApiPropertyOptional({
    enum: LINK_TYPES,
    enumName: 'LinkType',
    description: 'With linkId: decisions linked to it.',
  })
  @Optional()
  @IsIn(LINK_TYPES)
  linkType?: LinkType;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() linkId?: string;
  @ApiPropertyOptional({ enum: DECISION_SORTS, enumName: 'DecisionSort', default: 'created' })
  @Optional()
  @IsIn(DECISION_SORTS)
  sort?: (typeof DECISION_SORTS)[number];
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

export class DecisionIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'What was decided.' }) statement: string;
  @ApiProperty() rationale: string;
  @ApiProperty({ description: 'Alternatives considered.' }) alternatives: string;
  @ApiProperty({ enum: DECISION_STATUSES, enumName: 'DecisionStatus' }) status: DecisionStatus;
  @ApiProperty({ type: ActorDto, nullable: true, description: 'Who accepted it.' })
  decidedBy: ActorDto | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-05-07' }) decidedOn: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-01-15' }) reviewBy: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedesId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersededById: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) threadId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) commentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When stances close; null: open until accepted or rejected.',
  })
  closesAt: string | null;
  @ApiProperty({ description: 'Proposed and before its closing time: stances may be taken.' })
  votingOpen: boolean;
  @ApiProperty({ type: TallyDto, description: 'The stances as they stand now.' }) tally: TallyDto;
  @ApiProperty({
    type: TallyDto,
    nullable: true,
    description: 'The tally when an editor accepted or rejected it.',
  })
  decidedTally: TallyDto | null;
  @ApiPropertyOptional({
    type: [StanceDto],
    description: 'Who stood where (blocks first); only on GET /decisions/:id and stance routes.',
  })
  stances?: StanceDto[];
  @ApiPropertyOptional({ type: [ResolvedLinkDto], description: 'Only on GET /decisions/:id.' })
  links?: ResolvedLinkDto[];
  @ApiPropertyOptional({ type: [ActivityEntryDto], description: 'Only on GET /decisions/:id.' })
  activity?: ActivityEntryDto[];
}

export class DecisionListDto {
  @ApiProperty({ type: [DecisionDto] }) decisions: DecisionDto[];
}
