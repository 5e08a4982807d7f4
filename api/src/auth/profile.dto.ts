import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { lowerTrim } from '../common/dto-transforms.js';

export class ChangeEmailDto {
  @ApiProperty({
    example: 'ada@new.example.com',
    description: 'The new address; a link is sent there.',
  })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'Your current password.' })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The secret from the link `/confirm-email/<token>`.' })
  @IsString()
  @Length(20, 200)
  token: string;
}

export class AccountSessionDto {
  @ApiProperty({ description: 'Names the session for ending it (not a credential).' })
  id: string;
  @ApiProperty({ description: 'The session this request came with.' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
}

export class AccountSessionListDto {
  @ApiProperty({ type: [AccountSessionDto] }) sessions: AccountSessionDto[];
}

export class SessionIdParams {
  @ApiProperty()
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'id must be a session id' })
  id: string;
}

export class EndedSessionsDto {
  @ApiProperty({ description: 'How many sessions ended.' }) ended: number;
}
