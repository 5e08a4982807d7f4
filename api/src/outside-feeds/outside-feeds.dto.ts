import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { trim } from '../common/dto-transforms.js';

export const OUTSIDE_FEED_KINDS = ['series', 'decisions'] as const;

export class CreateAtomFeedDto {
  @ApiProperty({ enum: OUTSIDE_FEED_KINDS, enumName: 'AtomFeedKind' })
  @IsIn(OUTSIDE_FEED_KINDS)
  kind: 'series' | 'decisions';

  @ApiPropertyOptional({ example: 'Daily Sync', maxLength: 120, description: 'For a series feed.' })
  @ValidateIf((dto: CreateAtomFeedDto) => dto.kind === 'series' || dto.series !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  series?: string;
}

export class AtomFeedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OUTSIDE_FEED_KINDS, enumName: 'AtomFeedKind' }) kind: 'series' | 'decisions';
  @ApiProperty({ type: String, nullable: true }) series: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedAtomFeedDto {
  @ApiProperty({ type: AtomFeedDto }) feed: AtomFeedDto;
  @ApiProperty({
    example: '/api/atom/abcdefghijklmnopqrstuvwxyz.xml',
    description: 'The secret address, shown this once; making the feed again revokes it.',
  })
  url: string;
}

export class AtomFeedListDto {
  @ApiProperty({ type: [AtomFeedDto] }) feeds: AtomFeedDto[];
}

export class AtomFeedIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class AtomTokenParams {
  @ApiProperty({ example: 'abcdefghijklmnopqrstuvwxyz.xml' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}\.xml$/, { message: 'not a feed address' })
  file: string;
}
