import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class OidcProviderDto {
  @ApiProperty({ example: 'Acme SSO', description: 'Shown as "Sign in with …".' })
  displayName: string;

  @ApiProperty({
    example: '/api/auth/oidc/login',
    description: 'Send the browser here to sign in.',
  })
  loginUrl: string;
}

export class AuthProvidersDto {
  @ApiProperty({ description: 'False when PASSWORD_SIGN_IN=false: only single sign-on signs in.' })
  password: boolean;

  @ApiProperty({
    type: OidcProviderDto,
    nullable: true,
    description: 'Null when OIDC is not configured.',
  })
  oidc: OidcProviderDto | null;
}

export class OidcLoginQuery {
  @ApiProperty({
    required: false,
    example: '/briefings',
    description: 'A path on this site to land on.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  returnTo?: string;

  @ApiProperty({ required: false, description: 'Passed to the provider as `login_hint`.' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  loginHint?: string;
}
