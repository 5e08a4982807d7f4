import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UsersRepository } from '../users/users.repository.js';
import type { SessionDto, SignupDto } from './auth.dto.js';
import { AuthService, type ClientMeta } from './auth.service.js';
import { generateSetupCode, setupCodeHash } from './setup-code.js';
import { SetupCodeRepository } from './setup-code.repository.js';

/**
 * Safe first run: until the first account exists, creating it needs a one-time code that only
 * someone who can read the server's console has. Each start without an account adds its own code
 * (a restarted process must not lock its operator out); every replica accepts every stored code,
 * and all of them die with the first admin.
 */
@Injectable()
export class SetupService {
  private readonly logger = new Logger('Setup');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly codes: SetupCodeRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
  ) {}

  /** At start-up, after ADMIN_EMAIL had its chance: the code this process printed, if setup is open. */
  async prepare(setupUrl: string): Promise<string | undefined> {
    if (await this.users.hasAnyUser()) {
      await this.codes.clear();
      return undefined;
    }
    const code = this.config.setupCode ?? generateSetupCode();
    const hash = setupCodeHash(code);
    if (!hash) return undefined;
    await this.codes.add(hash);
    this.logger.warn(
      `No account exists yet. Open ${setupUrl} and enter the setup code ${code} to create the first admin (or set ADMIN_EMAIL and ADMIN_PASSWORD).`,
    );
    return code;
  }

  /** The first account, made admin; needs a setup code this install printed. */
  async signup(dto: SignupDto, meta: ClientMeta): Promise<SessionDto> {
    if (!(await this.auth.needsSetup()))
      throw new DomainError('SIGNUP_CLOSED', 'Sign-up is closed: ask an admin for an invitation.');
    const hash = setupCodeHash(dto.setupCode);
    if (!hash || !(await this.codes.exists(hash))) {
      await this.audit.record({
        actorId: null,
        action: 'auth.setup.refused',
        ip: meta.ip,
        details: { email: dto.email, reason: 'setup code not right' },
      });
      throw new DomainError(
        'SETUP_CODE_INVALID',
        'That setup code is not right: use the code printed in the server log at start-up.',
      );
    }
    const session = await this.auth.signup(dto, meta);
    await this.codes.clear();
    await this.audit.record({
      actorId: session.user.id,
      action: 'auth.setup.completed',
      targetType: 'user',
      targetId: session.user.id,
      ip: meta.ip,
    });
    return session;
  }
}
