import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { trim, trimOrNull } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { SOURCE_FORMATS, VISIBILITIES, type Visibility } from './briefing.entity.js';
import { SECTION_KINDS, type SectionKind } from './section.entity.js';
import type { AssumedPart, SourceFormat } from './parsing/index.js';
import { THREAD_STATES } from '../discussions/thread.entity.js';

export class ImportBriefingDto {
  @ApiProperty({
    description: 'The document: plain text, Markdown, HTML, canonical JSON or an RSS/Atom feed.',
  })
  @IsString()
  @Length(1, 2 * 1024 * 1024 + 1024)
  content: string;

  @ApiPropertyOptional({
    enum: SOURCE_FORMATS,
    enumName: 'SourceFormat',
    description: 'Detected from the content when omitted.',
  })
  @Optional()
  @IsIn(SOURCE_FORMATS)
  format?: SourceFormat;

  @ApiPropertyOptional({ enum: VISIBILITIES, enumName: 'Visibility', default: 'team' })
  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({
    type: [String],
    description: 'Groups that may read a restricted briefing.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({
    example: '2026-05-07',
    description: 'The date for a document that states none (default today); a stated date wins.',
  })
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'publishedOn must be a date like 2026-05-07' })
  publishedOn?: string;
}

export class BriefingListQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page.' })
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(200)
  series?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(100)
  tag?: string;
}

export class BriefingRefParams {
  @ApiProperty({ description: 'Briefing id or slug.' })
  @IsString()
  @Matches(
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9]+(-[a-z0-9]+)*)$/i,
    { message: 'id must be a briefing id or slug' },
  )
  @MaxLength(200)
  id: string;
}

export class BriefingIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class UpdateBriefingDto {
  @ApiPropertyOptional()
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(200)
  series?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(200)
  author?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(5000)
  summary?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(600)
  readingMinutes?: number | null;

  @ApiPropertyOptional({ example: '2026-05-07' })
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'publishedOn must be a date like 2026-05-07' })
  publishedOn?: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES, enumName: 'Visibility' })
  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

export class ItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({
    type: [String],
    description: 'Every link of the item, in order; `url` is the first.',
  })
  links: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Set when a discussion was opened on this item.',
  })
  threadId: string | null;
}

export class DiscussionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() commentCount: number;
  // typed as the repository row types it (a ThreadState in practice)
  @ApiProperty({ enum: THREAD_STATES, enumName: 'ThreadState' }) state: string;
}

export class SectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() heading: string;
  @ApiProperty({ enum: SECTION_KINDS, enumName: 'SectionKind' }) kind: SectionKind;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ type: [ItemDto] }) items: ItemDto[];
  @ApiProperty({ type: DiscussionDto, nullable: true }) discussion: DiscussionDto | null;
}

export class GroupRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class BriefingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) series: string | null;
  @ApiProperty({ example: '2026-05-07' }) publishedOn: string;
  @ApiProperty({ nullable: true, type: String }) author: string | null;
  @ApiProperty({ nullable: true, type: Number }) readingMinutes: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty({ type: [GroupRefDto] }) groups: GroupRefDto[];
  @ApiProperty({ enum: SOURCE_FORMATS, enumName: 'SourceFormat' }) sourceFormat: SourceFormat;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ type: [SectionDto] }) sections: SectionDto[];
}

export class BriefingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) series: string | null;
  @ApiProperty() publishedOn: string;
  @ApiProperty({ nullable: true, type: String }) author: string | null;
  @ApiProperty({ nullable: true, type: Number }) readingMinutes: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty() promptCount: number;
  @ApiProperty() commentCount: number;
  @ApiProperty({
    description:
      "Others' comments the caller has not read yet: past their read position in each thread (every one, in a thread they never opened).",
  })
  newCommentCount: number;
  @ApiProperty() unread: boolean;
}

export class BriefingPageDto {
  @ApiProperty({ type: [BriefingSummaryDto] }) briefings: BriefingSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class TagCountDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Briefings the caller may read that carry it.' }) count: number;
}

export class BriefingFiltersDto {
  @ApiProperty({ type: [String] }) series: string[];
  @ApiProperty({ type: [TagCountDto] }) tags: TagCountDto[];
}

export class BriefingListDto {
  @ApiProperty({ type: [BriefingDto] }) briefings: BriefingDto[];
}

export class ParsedItemDto {
  @ApiProperty({ description: 'Never ends in a period.' }) title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ type: [String] }) links: string[];
}

export class ParsedDiscussionDto {
  @ApiProperty() prompt: string;
}

export class ParsedSectionDto {
  @ApiProperty() heading: string;
  @ApiProperty({ enum: SECTION_KINDS, enumName: 'SectionKind' }) kind: SectionKind;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ type: [ParsedItemDto] }) items: ParsedItemDto[];
  @ApiProperty({ type: ParsedDiscussionDto, nullable: true })
  discussion: ParsedDiscussionDto | null;
}

export class ReimportChangesDto {
  @ApiProperty({ format: 'uuid' }) briefingId: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: [String] }) itemsAdded: string[];
  @ApiProperty({ type: [String] }) itemsRemoved: string[];
  @ApiProperty({ type: [String], description: 'Kept items whose text or link changed.' })
  itemsEdited: string[];
  @ApiProperty({ type: [String] }) sectionsAdded: string[];
  @ApiProperty({ type: [String] }) sectionsRemoved: string[];
}

/** A briefing as the parser understood it, before it has ids or threads. */
export class ParsedBriefingDto {
  @ApiProperty() title: string;
  @ApiProperty() slug: string;
  @ApiProperty({ nullable: true, type: String }) series: string | null;
  @ApiProperty({ example: '2026-05-07' }) publishedOn: string;
  @ApiProperty({ nullable: true, type: String }) author: string | null;
  @ApiProperty({ nullable: true, type: Number }) readingMinutes: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ type: [ParsedSectionDto] }) sections: ParsedSectionDto[];
  @ApiPropertyOptional({
    enum: ['title', 'publishedOn', 'sections'],
    enumName: 'AssumedPart',
    isArray: true,
    description:
      'Parts the document did not give: a title from its opening words, the given date (else today), one section for the whole piece.',
  })
  assumed?: AssumedPart[];
  @ApiProperty({
    type: ReimportChangesDto,
    nullable: true,
    description: 'Set when importing would update a briefing already stored (same title and date).',
  })
  changes: ReimportChangesDto | null;
}

export class ParsedBriefingListDto {
  @ApiProperty({ type: [ParsedBriefingDto] }) briefings: ParsedBriefingDto[];
}
