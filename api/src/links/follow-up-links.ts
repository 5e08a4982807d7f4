import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

export const LINK_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'decision',
  'action',
] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export class LinkDto {
  @ApiProperty({
    enum: LINK_TYPES,
    enumName: 'LinkType',
    description: '`discussion` is a thread id.',
  })
  @IsIn(LINK_TYPES)
  type: LinkType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export interface ResolvedLink {
  type: LinkType;
  id: string;
  title: string;
  /** Where the target lives in the web app (items and comments land on their anchor). */
  url: string;
}
