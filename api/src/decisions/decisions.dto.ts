import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ISO_DATE, trim } from '../common/dto-transforms.js';
import { LinkDto, type ResolvedLink } from '../links/follow-up-links.js';

export const DECISION_STATUSES = ['proposed', 'accepted', 'superseded', 'rejected'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export class CreateDecisionDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ description: 'What was decided.' })
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  statement: string;
  @ApiPropertyOptional({ description: 'Why.' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  rationale?: string;
  @ApiPropertyOptional({ description: 'Alternatives considered.' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  alternatives?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  threadId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  commentId?: string | null;
  @ApiPropertyOptional({ example: '2027-01-15', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(ISO_DATE, { message: 'reviewBy must be a date like 2027-01-15' })
  reviewBy?: string | null;
  @ApiPropertyOptional({ type: [LinkDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LinkDto)
  links?: LinkDto[];
}

export class UpdateDecisionDto {
  @ApiPropertyOptional({
    enum: ['accepted', 'rejected', 'proposed'],
    description:
      'Editors accept or reject; superseding goes through POST /decisions/:id/supersede.',
  })
  @IsOptional()
  @IsIn(DECISION_STATUSES)
  status?: DecisionStatus;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) rationale?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(ISO_DATE, { message: 'reviewBy must be a date like 2027-01-15' })
  reviewBy?: string | null;
}

export class DecisionListQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Accepted decisions whose review date has come.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  reviewDue?: 'true' | 'false';
}

export class DecisionIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export interface DecisionDto {
  id: string;
  title: string;
  statement: string;
  rationale: string;
  alternatives: string;
  status: DecisionStatus;
  decidedBy: { id: string; displayName: string } | null;
  decidedOn: string | null;
  reviewBy: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  threadId: string | null;
  commentId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  links?: ResolvedLink[];
  activity?: Array<{
    actor: { id: string; displayName: string } | null;
    change: Record<string, unknown>;
    at: string;
  }>;
}
