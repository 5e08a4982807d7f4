import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../briefings/briefing.entity.js';
import { trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import type { IntegrationRow } from './integrations.repository.js';

export class CreateIntegrationDto {
  @ApiProperty({ example: 'Platform Weekly newsletter' })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  name: string;

  @ApiProperty({ example: 'Platform Weekly', description: 'The series every import lands in.' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  series: string;

  @ApiPropertyOptional({ enum: VISIBILITIES, enumName: 'Visibility', default: 'team' })
  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({
    type: [String],
    description: 'Groups that may read what a restricted integration imports.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

export class IntegrationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class IntegrationCreatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class IntegrationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() series: string;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty({ type: [String] }) groupIds: string[];
  @ApiProperty({
    description: 'Where to POST signed deliveries (Standard Webhooks); it names the integration.',
  })
  webhookUrl: string;
  @ApiProperty({ type: IntegrationCreatorDto, nullable: true })
  createdBy: IntegrationCreatorDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why the last signed or addressed delivery did not import; null after a success.',
  })
  lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export const toIntegrationDto = (row: IntegrationRow, webhookUrl: string): IntegrationDto => ({
  id: row.id,
  name: row.name,
  series: row.series,
  visibility: row.visibility,
  groupIds: row.groupIds,
  webhookUrl,
  createdBy: row.createdBy,
  createdAt: new Date(row.createdAt).toISOString(),
  lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
  lastError: row.lastError,
  revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
});

export class IntegrationListDto {
  @ApiProperty({ type: [IntegrationDto] }) integrations: IntegrationDto[];
}

export class IntegrationEnvelopeDto {
  @ApiProperty({ type: IntegrationDto }) integration: IntegrationDto;
}

const ADDRESS_DESCRIPTION =
  'Mail forwarded here imports into the series; shown only now (null while e-mail in is off: INBOUND_SMTP_PORT).';
const SECRET_DESCRIPTION =
  'The `whsec_…` key deliveries are signed with; shown only now, never again.';

export class CreatedIntegrationDto {
  @ApiProperty({ type: IntegrationDto }) integration: IntegrationDto;
  @ApiProperty({ nullable: true, type: String, description: ADDRESS_DESCRIPTION })
  emailAddress: string | null;
  @ApiProperty({ description: SECRET_DESCRIPTION }) webhookSecret: string;
}

export class RotatedSecretDto {
  @ApiProperty({ type: IntegrationDto }) integration: IntegrationDto;
  @ApiProperty({ description: SECRET_DESCRIPTION }) webhookSecret: string;
}

export class RotatedAddressDto {
  @ApiProperty({ type: IntegrationDto }) integration: IntegrationDto;
  @ApiProperty({ nullable: true, type: String, description: ADDRESS_DESCRIPTION })
  emailAddress: string | null;
}
