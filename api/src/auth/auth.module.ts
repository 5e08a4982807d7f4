import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { CredentialCache } from './credential-cache.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCookie } from './session-cookie.js';
import { SecuritySettingsController } from './totp/security-settings.controller.js';
import { SecuritySettingsService } from './totp/security-settings.service.js';
import { TotpController } from './totp/totp.controller.js';
import { TotpRepository } from './totp/totp.repository.js';
import { TotpService } from './totp/totp.service.js';
import { SetupCodeRepository } from './setup-code.repository.js';
import { SetupService } from './setup.service.js';
import { OidcController } from './oidc/oidc.controller.js';
import { OidcSignInRepository } from './oidc/oidc-sign-in.repository.js';
import { OidcStateCookie } from './oidc/oidc-state-cookie.js';
import { OidcService } from './oidc/oidc.service.js';
import { PasswordSignInGuard } from './oidc/password-sign-in.guard.js';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, TotpController, SecuritySettingsController, OidcController],
  providers: [
    AuthService,
    AuthRepository,
    CredentialCache,
    PasswordHasher,
    SessionCookie,
    TotpService,
    TotpRepository,
    SecuritySettingsService,
    SetupService,
    SetupCodeRepository,
    OidcService,
    OidcSignInRepository,
    OidcStateCookie,
    PasswordSignInGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordHasher, SessionCookie],
})
export class AuthModule {}
