import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/validation.js';
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

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Local part of the email: what @mentions use.' }) handle: string;
}

export class ReactionDto {
  @ApiProperty({ enum: REACTIONS }) emoji: Reaction;
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

export class ThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() briefing: { id: string; slug: string; title: string; publishedOn: string };
  @ApiProperty({ nullable: true }) prompt: { id: string; prompt: string } | null;
  @ApiProperty({ nullable: true }) item: { id: string; title: string; body: string | null } | null;
  @ApiProperty({ description: "The items of the prompt's section." }) items: Array<{
    id: string;
    title: string;
    body: string | null;
  }>;
  @ApiProperty() title: string;
  @ApiProperty({ enum: THREAD_STATES }) state: ThreadState;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty() lastSeq: number;
  @ApiProperty() commentCount: number;
  @ApiProperty() following: boolean;
  @ApiProperty() lastReadSeq: number;
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

  @ApiProperty({ enum: REACTIONS })
  @IsIn(REACTIONS)
  emoji: Reaction;
}

export class UpdateThreadDto {
  @ApiProperty({ enum: THREAD_STATES })
  @IsIn(THREAD_STATES)
  state: ThreadState;

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
