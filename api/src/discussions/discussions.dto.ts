import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { SHORT_TITLE_MAX } from './thread-short-title.js';
import { ActorDto } from '../links/links.dto.js';
import { THREAD_STATES, type ThreadState } from './thread.entity.js';

export const REACTIONS = [
  '+1',
  '-1',
  'heart',
  'tada',
  'laugh',
  'confused',
  'eyes',
  'rocket',
] as const;
export type Reaction = (typeof REACTIONS)[number];
export const MAX_COMMENT_BYTES = 64 * 1024;
const SHORT_TITLE_DESCRIPTION =
  "For lists, notifications and search: the prompt's first clause unless an editor changed it.";

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Local part of the email: what @mentions use.' }) handle: string;
}

export class ReactionDto {
  @ApiProperty({ enum: REACTIONS, enumName: 'Reaction' }) emoji: Reaction;
  @ApiProperty() count: number;
  @ApiProperty({ type: [String] }) userIds: string[];
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ description: 'The thread event sequence number that created it.' }) seq: number;
  @ApiProperty({ nullable: true, type: String, description: 'Markdown source; null once deleted.' })
  body: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Sanitised HTML; null once deleted.' })
  bodyHtml: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) author: PersonDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) editedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deletedAt: string | null;
  @ApiProperty({ type: [ReactionDto] }) reactions: ReactionDto[];
}

/** The briefing a thread belongs to. */
export class BriefingRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2026-05-07' }) publishedOn: string;
}

export class PromptRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() prompt: string;
}

export class ThreadItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
}

export class ThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: BriefingRefDto }) briefing: BriefingRefDto;
  @ApiProperty({
    type: PromptRefDto,
    nullable: true,
    description: 'The discussion prompt it belongs to; null for a thread opened on one item.',
  })
  prompt: PromptRefDto | null;
  @ApiProperty({
    type: ThreadItemDto,
    nullable: true,
    description: "The item it was opened on; null for a prompt's thread.",
  })
  item: ThreadItemDto | null;
  @ApiProperty({ type: [ThreadItemDto], description: "The items of the prompt's section." })
  items: ThreadItemDto[];
  @ApiProperty({ description: 'The whole prompt (or item title).' }) title: string;
  @ApiProperty({ description: SHORT_TITLE_DESCRIPTION }) shortTitle: string;
  @ApiProperty({ enum: THREAD_STATES, enumName: 'ThreadState' }) state: ThreadState;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty() lastSeq: number;
  @ApiProperty() commentCount: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Who started it (the importer for a prompt thread): they may resolve and reopen it, like editors.',
  })
  createdBy: string | null;
  @ApiProperty() following: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'How far the caller has read (0: opened while empty); null when they never opened it.',
  })
  lastReadSeq: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ThreadPageDto {
  @ApiProperty({ type: ThreadDto }) thread: ThreadDto;
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
  @ApiProperty({ nullable: true, type: Number }) nextAfterSeq: number | null;
}

export class ThreadIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class ThreadPageQuery {
  @ApiPropertyOptional({ default: 0 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class CreateCommentDto {
  @ApiProperty({ description: 'Markdown, 1 to 65,536 bytes.' })
  @IsString()
  body: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional({ nullable: true })
  @IsUUID()
  parentId?: string | null;
}

export class EditCommentDto {
  @ApiProperty({ description: 'Markdown, 1 to 65,536 bytes.' })
  @IsString()
  body: string;
}

export class CommentIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class ReactionParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: REACTIONS, enumName: 'Reaction' })
  @IsIn(REACTIONS)
  emoji: Reaction;
}

export class UpdateThreadDto {
  @ApiPropertyOptional({
    enum: THREAD_STATES,
    enumName: 'ThreadState',
    description: "Resolving and reopening: editors and the thread's starter; the rest: members.",
  })
  @Optional()
  @IsIn(THREAD_STATES)
  state?: ThreadState;

  @ApiPropertyOptional({
    description: 'Editors: the short title lists show (1–90 characters, one line).',
    minLength: 1,
    maxLength: SHORT_TITLE_MAX,
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, SHORT_TITLE_MAX)
  @Matches(/^[^\r\n]*$/, { message: 'shortTitle is one line' })
  shortTitle?: string;

  @ApiPropertyOptional({ description: 'Required to resolve: the answer to the prompt, one line.' })
  @Optional()
  @IsString()
  @Length(1, 280)
  outcome?: string;
}

export class ReadPositionDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq: number;
}

export class ThreadListQuery {
  @ApiPropertyOptional({ description: 'Comma-separated states; default open,converging.' })
  @Optional()
  @IsString()
  @MaxLength(60)
  state?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 30 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class RevisionDto {
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time', description: 'When this text was replaced.' })
  replacedAt: string;
  @ApiProperty({ type: PersonDto, nullable: true }) editor: PersonDto | null;
}

export class MentionQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class RevisionListDto {
  @ApiProperty({ type: [RevisionDto], description: 'Oldest first.' }) revisions: RevisionDto[];
}

export class MentionableListDto {
  @ApiProperty({ type: [PersonDto], description: 'At most 10.' }) users: PersonDto[];
}

/** A row of the discussions dashboard. */
export class ThreadSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The whole prompt (or item title).' }) title: string;
  @ApiProperty({ description: SHORT_TITLE_DESCRIPTION }) shortTitle: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'How far the caller has read; null when they never opened it.',
  })
  lastReadSeq: number | null;
  @ApiProperty({ enum: THREAD_STATES, enumName: 'ThreadState' }) state: ThreadState;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty() commentCount: number;
  @ApiProperty() lastSeq: number;
  @ApiProperty({ format: 'date-time', description: 'The latest activity.' }) updatedAt: string;
  @ApiProperty({ description: "True for a prompt's thread, false for one opened on an item." })
  isPrompt: boolean;
  @ApiProperty({ type: BriefingRefDto }) briefing: BriefingRefDto;
}

export class ThreadListPageDto {
  @ApiProperty({ type: [ThreadSummaryDto], description: 'Most recent activity first.' })
  threads: ThreadSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export const THREAD_NOTE_KINDS = ['action.status', 'decision.status', 'thread.state'] as const;

/**
 * A system note in a thread's timeline: an action or decision tied to the thread changed status,
 * or the thread itself was resolved, reopened or moved (`thread.state`).
 */
export class ThreadNoteDto {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ description: "Takes the thread's next seq, like a comment." }) seq: number;
  @ApiProperty({ enum: THREAD_NOTE_KINDS, enumName: 'ThreadNoteKind' })
  kind: (typeof THREAD_NOTE_KINDS)[number];
  @ApiPropertyOptional({ format: 'uuid', description: '`action.status` notes.' }) actionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '`decision.status` notes.' })
  decisionId?: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null when some readers of the thread may not read the action or decision.',
  })
  title: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a decision just proposed.' })
  from: string | null;
  @ApiProperty() to: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '`thread.state` notes: the outcome it was resolved with (null otherwise).',
  })
  outcome?: string | null;
  @ApiProperty({ type: ActorDto, nullable: true }) by: ActorDto | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ThreadNoteListDto {
  @ApiProperty({ type: [ThreadNoteDto], description: 'Oldest first.' }) notes: ThreadNoteDto[];
}
