import { Inject, Injectable, type CanActivate } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** PASSWORD_SIGN_IN=false: password sign-in answers 403 and points at single sign-on. */
@Injectable()
export class PasswordSignInGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (this.config.passwordSignIn) return true;
    throw new DomainError(
      'FORBIDDEN',
      `Password sign-in is turned off here: sign in with ${this.config.oidc?.displayName ?? 'single sign-on'}.`,
    );
  }
}
