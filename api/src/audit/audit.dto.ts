import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ISO_DATE } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';

/** The filters the audit page and its CSV share. */
export class AuditFilterQuery {
  @ApiPropertyOptional({
    description: 'Prefix of the event name: `auth.` matches every sign-in event.',
    example: 'auth.',
  })
  @Optional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9_.]+$/, { message: 'action is an event name or its prefix, like auth.' })
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @Optional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[a-z_]+$/, { message: 'targetType is a word like user or briefing' })
  targetType?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'First day included (UTC).' })
  @Optional()
  @Matches(ISO_DATE, { message: 'from must be a date like 2026-12-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day included (UTC).' })
  @Optional()
  @Matches(ISO_DATE, { message: 'to must be a date like 2026-12-31' })
  to?: string;
}

export class AuditQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page.' })
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null once the account is deleted.',
  })
  id: string | null;
  @ApiProperty({ description: 'The e-mail the account had when it acted.' }) email: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null once the account is deleted.' })
  displayName: string | null;
}

export class AuditTargetDto {
  @ApiProperty({ example: 'user' }) type: string;
  @ApiProperty({ nullable: true, type: String }) id: string | null;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    type: AuditActorDto,
    nullable: true,
    description: 'Null for the anonymous (a failed sign-in) and the system (a feed poll).',
  })
  actor: AuditActorDto | null;
  @ApiProperty({ example: 'auth.sign_in' }) action: string;
  @ApiProperty({ type: AuditTargetDto, nullable: true }) target: AuditTargetDto | null;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) events: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
