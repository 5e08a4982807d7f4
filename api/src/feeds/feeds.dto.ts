import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, IsUUID, Length } from 'class-validator';
import { trim, trimOrNull } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import type { FeedRow } from './feeds.repository.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export class FeedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://example.com/briefings.xml' }) url: string;
  @ApiProperty({ type: String, nullable: true, description: "The feed's own title, once polled." })
  title: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The series its briefings are filed under; null keeps what each entry says.',
  })
  series: string | null;
  @ApiProperty() paused: boolean;
  @ApiProperty({ description: 'Failed polls in a row; each doubles the wait, up to a day.' })
  failures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastPolledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last poll failed, or which entries it skipped; null after a clean poll.',
  })
  lastError: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the feed is polled next; null while paused.',
  })
  nextPollAt: string | null;
  @ApiProperty({ description: 'Entries that became briefings.' }) entriesImported: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toFeedDto = (row: FeedRow): FeedDto => ({
  id: row.id,
  url: row.url,
  title: row.title,
  series: row.series,
  paused: row.paused,
  failures: row.failures,
  lastPolledAt: iso(row.lastPolledAt),
  lastSuccessAt: iso(row.lastSuccessAt),
  lastError: row.lastError,
  nextPollAt: row.paused ? null : iso(row.nextPollAt),
  entriesImported: row.entriesImported,
  createdAt: new Date(row.createdAt).toISOString(),
});

export class FeedEnvelopeDto {
  @ApiProperty({ type: FeedDto }) feed: FeedDto;
}

export class FeedListDto {
  @ApiProperty({ type: [FeedDto] }) feeds: FeedDto[];
}

export class CreateFeedDto {
  @ApiProperty({ example: 'https://example.com/briefings.xml', maxLength: 2048 })
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  url: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Daily Sync', maxLength: 120 })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @Length(1, 120)
  series?: string | null;
}

export class UpdateFeedDto {
  @ApiPropertyOptional({
    description: 'Paused feeds are not polled; resuming polls at the next pass.',
  })
  @Optional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @Length(1, 120)
  series?: string | null;
}

export class FeedIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class FeedBriefingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
}

export class FeedPollDto {
  @ApiProperty({ type: FeedDto }) feed: FeedDto;
  @ApiProperty({ description: 'The feed answered 304: nothing changed since the last poll.' })
  notModified: boolean;
  @ApiProperty({ type: [FeedBriefingDto], description: 'Briefings made from new entries.' })
  briefings: FeedBriefingDto[];
  @ApiProperty({ description: 'New entries that could not be imported (see lastError).' })
  skipped: number;
}
