import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { lowerTrim, trim } from '../common/dto-transforms.js';
import { Optional } from '../common/validation.js';
import { ROLES, type Role } from './user.entity.js';
import type { InviteEntity } from './invite.entity.js';
import type { UserEntity } from './user.entity.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({
    description: 'Deactivated users cannot sign in; their sessions and tokens are revoked.',
  })
  active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toUserDto(
  user: Pick<UserEntity, 'id' | 'email' | 'displayName' | 'role' | 'active' | 'createdAt'>,
): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
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
