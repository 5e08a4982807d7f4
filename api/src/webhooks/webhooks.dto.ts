import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { trim, trimOrNull } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';

export const WEBHOOK_EVENTS = [
  'briefing.imported',
  'comment.created',
  'thread.resolved',
  'decision.accepted',
  'action.assigned',
  'action.overdue',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export class WebhookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class DeliveryParams extends WebhookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deliveryId: string;
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.slack.com/services/T000/B000/XXXX', maxLength: 2048 })
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS, enumName: 'WebhookFormat', default: 'json' })
  @Optional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'Restricted briefings of this group (and team ones) leave through the hook; without it, team briefings only.',
  })
  @Optional({ nullable: true })
  @IsUUID()
  groupId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @Length(1, 200)
  description?: string | null;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS, enumName: 'WebhookFormat' })
  @Optional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID()
  groupId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @Optional({ nullable: true })
  @Transform(trimOrNull)
  @IsString()
  @Length(1, 200)
  description?: string | null;

  @ApiPropertyOptional({ description: 'false pauses deliveries (events meanwhile are not kept).' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true })
  events: WebhookEvent[];
  @ApiProperty({ enum: WEBHOOK_FORMATS, enumName: 'WebhookFormat' }) format: WebhookFormat;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) groupId: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookDto {
  @ApiProperty({ format: 'uuid', description: 'The new hook’s id (also in `webhook`).' })
  id: string;
  @ApiProperty({ type: WebhookDto }) webhook: WebhookDto;
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret, shown this once (Standard Webhooks).',
  })
  secret: string;
}

export class WebhookEnvelopeDto {
  @ApiProperty({ type: WebhookDto }) webhook: WebhookDto;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks: WebhookDto[];
}

export class DeliveryAttemptDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The receiver’s HTTP status.' })
  status: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why no answer came.' })
  error: string | null;
  @ApiProperty() durationMs: number;
}

export class WebhookDeliveryDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Also the `webhook-id` header: the same on retries.',
  })
  id: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent' }) event: WebhookEvent;
  @ApiProperty({ enum: DELIVERY_STATES, enumName: 'WebhookDeliveryState' }) state: DeliveryState;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto] }) attemptLog: DeliveryAttemptDto[];
}

export class DeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first, the latest 100.' })
  deliveries: WebhookDeliveryDto[];
}

export class DeliveryEnvelopeDto {
  @ApiProperty({ type: WebhookDeliveryDto }) delivery: WebhookDeliveryDto;
}
