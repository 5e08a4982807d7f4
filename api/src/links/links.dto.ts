import { ApiProperty } from '@nestjs/swagger';
import { LINK_TYPES, type LinkType } from './follow-up-links.js';

/** Someone named by an action or decision: who changed it, who decided it. */
export class ActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

/** A link as read back: its target's title and address, when the caller may see the target. */
export class ResolvedLinkDto {
  @ApiProperty({
    enum: LINK_TYPES,
    enumName: 'LinkType',
    description: '`discussion` is a thread id.',
  })
  type: LinkType;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Where the target lives in the web app.' }) url: string;
}

/** One save of an action or decision: who, what changed, when. */
export class ActivityEntryDto {
  @ApiProperty({ type: ActorDto, nullable: true }) actor: ActorDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Field → new value (or `{created: true}`).',
  })
  change: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at: string;
}
