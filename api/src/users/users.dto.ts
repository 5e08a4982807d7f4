import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { lowerTrim, trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { HANDLE_LENGTH, HANDLE_PATTERN, RESERVED_HANDLES } from './handle.js';
import { ROLES, type Role } from './user.entity.js';
import type { InviteEntity } from './invite.entity.js';
import type { UserEntity } from './user.entity.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) displayName: string;
  @ApiProperty({ example: 'ada', description: 'What @mentions use; unique, case-insensitively.' })
  handle: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({
    description: 'Deactivated users cannot sign in; their sessions and tokens are revoked.',
  })
  active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toUserDto(
  user: Pick<
    UserEntity,
    'id' | 'email' | 'displayName' | 'handle' | 'role' | 'active' | 'createdAt'
  >,
): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    handle: user.handle,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

/** `PATCH /auth/me`: a person's own handle and name (the rules in users/handle.ts). */
export class UpdateProfileDto {
  @ApiPropertyOptional({
    minLength: HANDLE_LENGTH.min,
    maxLength: HANDLE_LENGTH.max,
    pattern: HANDLE_PATTERN.source,
    description: `Unique case-insensitively (409 HANDLE_TAKEN); ${RESERVED_HANDLES.join(', ')} are reserved. Mentions of the old handle stop resolving.`,
  })
  @Optional()
  @IsString()
  @Length(HANDLE_LENGTH.min, HANDLE_LENGTH.max)
  @Matches(HANDLE_PATTERN, {
    message:
      'handle is letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
  })
  handle?: string;

  @ApiPropertyOptional({ example: 'Grace Hopper' })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    description: 'false deactivates the user and ends every session and token.',
  })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class CreateInviteDto {
  @ApiProperty({ example: 'grace@example.com' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES)
  role: Role;
}

export class InviteDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt: string | null;
}

export function toInviteDto(invite: InviteEntity): InviteDto {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
    acceptedAt: invite.acceptedAt?.toISOString() ?? null,
  };
}

export class CreatedInviteDto {
  @ApiProperty({ type: InviteDto }) invite: InviteDto;
  @ApiProperty({
    description: 'One-time link, relative to the app origin.',
    example: '/invite/abc',
  })
  url: string;

  @ApiProperty({ description: 'True when the link was also e-mailed to the invitee (SMTP set).' })
  emailed: boolean;
}

export class InviteTokenParams {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  token: string;
}

export class PublicInviteDto {
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AcceptInviteDto {
  @ApiProperty({ example: 'Grace Hopper' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) users: UserDto[];
}

export class UserEnvelopeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class InviteListDto {
  @ApiProperty({ type: [InviteDto] }) invites: InviteDto[];
}
