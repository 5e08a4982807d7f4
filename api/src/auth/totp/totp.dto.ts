import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length } from 'class-validator';
import { Optional } from '../../common/validation.js';
import type { Role } from '../../users/user.entity.js';
import { UserDto } from '../../users/users.dto.js';

/** Roles an admin may require a second factor of. */
export const TOTP_POLICY_ROLES = ['editor', 'admin'] as const satisfies readonly Role[];

export class TotpStatusDto {
  @ApiProperty({ description: 'A second factor is on for this account.' }) enabled: boolean;
  @ApiProperty({ description: 'A secret was issued by setup and awaits its first code.' })
  pending: boolean;
  @ApiProperty({ description: 'Unused recovery codes left (0 when off).' })
  recoveryCodesLeft: number;
  @ApiProperty({ description: "An admin requires a second factor for this account's role." })
  required: boolean;
  @ApiProperty({
    description: 'Only password accounts use this second factor (single sign-on has its own).',
  })
  available: boolean;
}

export class TotpSetupDto {
  @ApiProperty({
    description: 'Base32 secret, to type into an authenticator app.',
    example: 'JBSWY3DPEHPK3PXP',
  })
  secret: string;
  @ApiProperty({ example: 'otpauth://totp/Briefroom:ada%40example.com?secret=…&issuer=Briefroom' })
  otpauthUrl: string;
  @ApiProperty({ description: 'The otpauth URL as a QR code (SVG markup).' })
  qrSvg: string;
}

export class TotpCodeDto {
  @ApiProperty({
    description: 'A current 6-digit code from the authenticator app.',
    example: '123456',
  })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class TotpDisableDto {
  @ApiPropertyOptional({ description: 'The account password; or give `code`.' })
  @Optional()
  @IsString()
  @Length(1, 256)
  password?: string;

  @ApiPropertyOptional({
    description: 'A current code or an unused recovery code; or give `password`.',
  })
  @Optional()
  @IsString()
  @Length(1, 64)
  code?: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'Ten one-time recovery codes, shown only in this response.',
    example: ['abcde-fghjk'],
  })
  recoveryCodes: string[];
}

export class TotpChallengeDto {
  @ApiProperty({ enum: [true], description: 'The password was right; a second step is needed.' })
  totpRequired: true;
  @ApiProperty({
    description:
      'True when an admin requires a second factor and this account has none yet: enrol with POST /api/auth/login/totp/setup, then finish with a code.',
  })
  enrolmentRequired: boolean;
  @ApiProperty({ description: 'Opaque, single-use, valid for 5 minutes.' })
  challenge: string;
}

export class TotpChallengeBodyDto {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  challenge: string;
}

export class TotpLoginDto extends TotpChallengeBodyDto {
  @ApiProperty({
    description: 'A current 6-digit code, or an unused recovery code.',
    example: '123456',
  })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class TotpSessionDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'Session token (also set as an httpOnly cookie).' }) token: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Present when this sign-in finished an enrolment: the recovery codes, shown once.',
  })
  recoveryCodes?: string[];
}

export class SecuritySettingsDto {
  @ApiProperty({
    type: [String],
    enum: TOTP_POLICY_ROLES,
    description: 'Roles whose password accounts must use a second factor.',
    example: ['editor', 'admin'],
  })
  @IsArray()
  @ArrayMaxSize(TOTP_POLICY_ROLES.length)
  @IsIn(TOTP_POLICY_ROLES, { each: true })
  requireTotpFor: Role[];
}
