import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { lowerTrim, trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { ROLES, type Role } from '../users/user.entity.js';
import { UserDto } from '../users/users.dto.js';
import type { ApiTokenEntity } from './api-token.entity.js';

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password: string;
}

export class SignupDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({
    example: 'K7QD-2MXA-PL4Z-W6NE-3RBT-HY5C',
    description: 'The one-time setup code the server printed at start-up.',
  })
  @IsString()
  @Length(1, 100)
  setupCode: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256, { message: 'newPassword must be 10 to 256 characters long' })
  newPassword: string;
}

export class SessionDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({
    description:
      'Session token: send as `Authorization: Bearer <token>` (also set as an httpOnly cookie).',
  })
  token: string;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class SetupStateDto {
  @ApiProperty({ description: 'True while no account exists: the first sign-up becomes admin.' })
  needsSetup: boolean;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'CI importer' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    enum: ROLES,
    enumName: 'Role',
    description: "Role ceiling; defaults to, and may not exceed, the owner's role.",
  })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class TokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
}

export function toTokenDto(token: ApiTokenEntity): TokenDto {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}

export class CreatedTokenDto {
  @ApiProperty({ type: TokenDto }) token: TokenDto;
  @ApiProperty({ description: 'The secret, shown only in this response.', example: 'brt_…' })
  secret: string;
}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto] }) tokens: TokenDto[];
}

export class TokenIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
