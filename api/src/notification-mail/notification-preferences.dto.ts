import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { MAIL_KINDS, type MailKind } from './mail-tokens.js';
import type { MailMode } from './notification-mail.repository.js';

export const MAIL_MODES = ['immediately', 'digest', 'never'] as const;

export class NotificationPreferenceDto {
  @ApiProperty({
    enum: MAIL_KINDS,
    enumName: 'NotificationMailKind',
    description:
      'mention, reply (to you), activity (threads you follow, batched), decision (proposed/accepted in threads you follow), action.assigned.',
  })
  @IsIn(MAIL_KINDS)
  kind: MailKind;

  @ApiProperty({ enum: MAIL_MODES, enumName: 'NotificationMailMode' })
  @IsIn(MAIL_MODES)
  mode: MailMode;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto], description: 'Every kind, in a fixed order.' })
  preferences: NotificationPreferenceDto[];
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto], description: 'Only the kinds to change.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAIL_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences: NotificationPreferenceDto[];
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'The token of the link in the e-mail.' })
  @IsString()
  @Matches(/^[0-9a-f]{32}[0-4a][0-9a-f]{32}$/, { message: 'not an unsubscribe token' })
  token: string;
}

export class UnsubscribedDto {
  @ApiProperty({
    enum: [...MAIL_KINDS, 'all'],
    enumName: 'UnsubscribedKind',
    description: 'The kind of e-mail now off (all: every kind).',
  })
  kind: MailKind | 'all';
  @ApiProperty({ description: 'False for GET: nothing changes until the POST (RFC 8058).' })
  unsubscribed: boolean;
}
