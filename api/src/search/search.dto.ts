import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { IsCalendarDate } from '../links/calendar-date.js';
import { SEARCH_TYPES, type SearchType } from './search-documents.js';

const COMMA_LIST = /^[^,]+(,[^,]+)*$/;

/** A comma list whose every entry is one of `allowed`. */
function IsCommaListOf(allowed: readonly string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCommaListOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a comma list of ${allowed.join(', ')}` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((v) => allowed.includes(v.trim())),
      },
    });
}

const STATUSES = [
  'open',
  'converging',
  'resolved',
  'in_progress',
  'blocked',
  'done',
  'cancelled',
  'proposed',
  'accepted',
  'superseded',
  'rejected',
] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/** The filters a search (and a saved search) can carry. */
export class SearchFilters {
  @ApiPropertyOptional({ description: `Comma list of ${SEARCH_TYPES.join(', ')}.` })
  @Optional()
  @IsCommaListOf(SEARCH_TYPES)
  type?: string;
  @ApiPropertyOptional({ description: 'Comma list of tags; a hit carries at least one.' })
  @Optional()
  @IsString()
  @MaxLength(300)
  @Matches(COMMA_LIST, { message: 'tags must be a comma list' })
  tags?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) series?: string;
  @ApiPropertyOptional({ description: "A briefing section's heading, exactly." })
  @Optional()
  @IsString()
  @MaxLength(200)
  section?: string;
  @ApiPropertyOptional({ description: 'Comma list of statuses or thread states.' })
  @Optional()
  @IsCommaListOf(STATUSES)
  status?: string;
  @ApiPropertyOptional({ description: 'Comma list of action priorities.' })
  @Optional()
  @IsCommaListOf(PRIORITIES)
  priority?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() ownerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() authorId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() briefingId?: string;
  @ApiPropertyOptional({ example: '2026-05-01' }) @Optional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-05-31' }) @Optional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ example: '2026-06-01', description: 'Actions due on or after.' })
  @Optional()
  @IsCalendarDate()
  dueFrom?: string;
  @ApiPropertyOptional({ example: '2026-06-30', description: 'Actions due on or before.' })
  @Optional()
  @IsCalendarDate()
  dueTo?: string;
}

export class SearchQuery extends SearchFilters {
  @ApiPropertyOptional({ description: 'The query; "quoted phrases" match exactly.' })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(512)
  q?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1000, default: 0 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  offset?: number;
}

export class SearchBriefingRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
}

export class SearchPersonDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
  @ApiProperty() name: string;
}

export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_TYPES, enumName: 'SearchType' }) type: SearchType;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'HTML-escaped text; only <mark> is markup.' }) snippet: string;
  @ApiProperty({ description: 'Where the hit lives in the web app.' }) url: string;
  @ApiProperty({ nullable: true, type: String }) date: string | null;
  @ApiProperty({ type: SearchBriefingRefDto, nullable: true })
  briefing: SearchBriefingRefDto | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) status: string | null;
  @ApiProperty({ type: SearchPersonDto, nullable: true }) author: SearchPersonDto | null;
  @ApiProperty({ type: SearchPersonDto, nullable: true }) owner: SearchPersonDto | null;
}

/** The filters read out of the question ("last week", "@dana", "Dana's"). */
export class SearchInterpretedFiltersDto {
  @ApiPropertyOptional({ example: '2026-05-01', description: 'Dated on or after.' }) from?: string;
  @ApiPropertyOptional({ example: '2026-05-31', description: 'Dated on or before.' }) to?: string;
  @ApiPropertyOptional({ example: 'last week', description: 'The words that named the dates.' })
  dates?: string;
  @ApiProperty({
    type: [SearchPersonDto],
    description: 'People named; a hit is theirs (authored, owned or decided by them).',
  })
  people: SearchPersonDto[];
}

export const SEARCH_MODES = ['hybrid', 'keyword'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** How the question was understood: what was searched for, ranked first and filtered on. */
export class SearchInterpretedDto {
  @ApiProperty({
    description: 'The words searched for: the question without filler, intent, dates and people.',
    example: 'key rotation',
  })
  terms: string;
  @ApiProperty({
    enum: SEARCH_TYPES,
    enumName: 'SearchType',
    isArray: true,
    description: 'Types ranked first, from the intent ("decide" → decision); not a filter.',
  })
  types: SearchType[];
  @ApiProperty({ type: SearchInterpretedFiltersDto }) filters: SearchInterpretedFiltersDto;
  @ApiProperty({
    enum: SEARCH_MODES,
    enumName: 'SearchMode',
    description: '`hybrid`: words and meaning; `keyword`: words only (see notice).',
  })
  mode: SearchMode;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Why the search was keyword-only, when meaning search is on but could not be used.',
  })
  notice: string | null;
}

export class SearchLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Where it lives in the web app.' }) url: string;
}

export class SearchAnswerActionDto extends SearchLinkDto {
  @ApiProperty() status: string;
  @ApiProperty({ type: SearchPersonDto, nullable: true }) owner: SearchPersonDto | null;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
}

export const ANSWER_TYPES = ['decision', 'action', 'comment'] as const;

/**
 * The top hit as an answer: a decision (statement, rationale, status, date, who decided, source
 * thread, its actions, what superseded it), an action (owner, due date, status) or a comment
 * (author, thread, date). Present on the first page when the top hit is one of those.
 */
export class SearchAnswerDto {
  @ApiProperty({ enum: ANSWER_TYPES, enumName: 'SearchAnswerType' })
  type: (typeof ANSWER_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() url: string;
  @ApiProperty({
    description: "Plain text: a decision's statement, an action's description, a comment's body.",
  })
  text: string;
  @ApiProperty({ nullable: true, type: String, description: "A decision's rationale." })
  rationale: string | null;
  @ApiProperty({ nullable: true, type: String }) status: string | null;
  @ApiProperty({ example: '2026-05-07' }) date: string;
  @ApiProperty({ nullable: true, type: String, description: "An action's due date." })
  dueOn: string | null;
  @ApiProperty({
    type: SearchPersonDto,
    nullable: true,
    description: 'Who decided (decision), owns (action) or wrote (comment) it.',
  })
  person: SearchPersonDto | null;
  @ApiProperty({ type: SearchLinkDto, nullable: true, description: 'The source thread.' })
  thread: SearchLinkDto | null;
  @ApiProperty({ type: [SearchAnswerActionDto], description: "A decision's linked actions." })
  actions: SearchAnswerActionDto[];
  @ApiProperty({
    type: SearchLinkDto,
    nullable: true,
    description: 'The decision that replaced it.',
  })
  supersededBy: SearchLinkDto | null;
}

export class SearchResultDto {
  @ApiProperty() query: string;
  @ApiProperty({ type: [SearchHitDto] }) hits: SearchHitDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
    description: 'Facet → value → count, for what the caller may read.',
  })
  facets: Record<string, Record<string, number>>;
  @ApiProperty() estimatedTotalHits: number;
  @ApiProperty() processingTimeMs: number;
  @ApiProperty({ type: SearchInterpretedDto }) interpreted: SearchInterpretedDto;
  @ApiProperty({ type: SearchAnswerDto, nullable: true }) answer: SearchAnswerDto | null;
}

export class SynonymsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [['k8s', 'kubernetes']],
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsTermGroups()
  synonyms: string[][];
}

/** Groups of 2 to 20 equivalent terms, each 1 to 100 characters. */
function IsTermGroups(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTermGroups',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be groups of 2 to 20 terms of 1 to 100 characters`,
      },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every(
            (group) =>
              Array.isArray(group) &&
              group.length >= 2 &&
              group.length <= 20 &&
              group.every(
                (term) => typeof term === 'string' && term.trim().length >= 1 && term.length <= 100,
              ),
          ),
      },
    });
}

export class CreateSavedSearchDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty() @Transform(trim) @IsString() @MaxLength(512) query: string;
  @ApiPropertyOptional({ type: SearchFilters })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => SearchFilters)
  filters?: SearchFilters;
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() alert?: boolean;
}

export class SavedSearchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() query: string;
  @ApiProperty({ type: SearchFilters }) filters: SearchFilters;
  @ApiProperty() alert: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastCheckedAt: string;
}

export class SavedSearchListDto {
  @ApiProperty({ type: [SavedSearchDto] }) savedSearches: SavedSearchDto[];
}

export class RelatedHitsDto {
  @ApiProperty({ type: [SearchHitDto] }) hits: SearchHitDto[];
}

export class IdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}
