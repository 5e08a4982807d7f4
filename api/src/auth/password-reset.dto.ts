import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { lowerTrim } from '../common/dto-transforms.js';

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ description: 'The secret from the link `/reset-password/<token>`.' })
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;
}

export class ResetLinkDto {
  @ApiProperty({
    description: 'One-time link to set a new password, valid 30 minutes; hand it to the person.',
    example: 'https://brief.example.com/reset-password/abc',
  })
  url: string;

  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** What a 202 says: the same for every address, so it tells nothing about accounts. */
export class AcceptedDto {
  @ApiProperty({ example: 'If this address has an account, a link is on its way.' })
  message: string;
}
