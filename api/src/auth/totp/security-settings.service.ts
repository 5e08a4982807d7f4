import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../audit/audit-log.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Role } from '../../users/user.entity.js';
import { UsersRepository } from '../../users/users.repository.js';
import type { AuthContext } from '../auth-context.js';
import { AuthRepository } from '../auth.repository.js';
import { AuthService } from '../auth.service.js';
import { TOTP_POLICY_ROLES, type SecuritySettingsDto } from './totp.dto.js';
import { TotpRepository } from './totp.repository.js';
import { TotpService } from './totp.service.js';

/** The admin's security policy: which roles must sign in with a second factor. */
@Injectable()
export class SecuritySettingsService {
  constructor(
    private readonly repository: TotpRepository,
    private readonly totp: TotpService,
    private readonly auth: AuthRepository,
    private readonly authService: AuthService,
    private readonly audit: AuditLog,
    private readonly users: UsersRepository,
  ) {}

  async get(): Promise<SecuritySettingsDto> {
    return { requireTotpFor: await this.repository.requiredRoles() };
  }

  /**
   * Requiring a second factor ends the browser sessions of the affected password accounts without
   * one, so their next sign-in enrols; the admin who sets it for admins must have one already.
   */
  async update(
    context: AuthContext,
    dto: SecuritySettingsDto,
    ip: string | null,
  ): Promise<SecuritySettingsDto> {
    const roles: Role[] = TOTP_POLICY_ROLES.filter((role) => dto.requireTotpFor.includes(role));
    const before = await this.repository.requiredRoles();
    if (roles.includes(context.role) && !before.includes(context.role)) {
      const own = await this.totp.status(context);
      if (own.available && !own.enabled)
        throw new DomainError(
          'CONFLICT',
          'Turn on two-factor authentication for your own account before requiring it for admins.',
        );
    }
    await this.repository.setRequiredRoles(roles, context.user.id);
    const added = roles.filter((role) => !before.includes(role));
    const signedOut = await this.repository.unenrolledUserIds(added, context.user.id);
    for (const userId of signedOut) {
      await this.auth.revokeUserCredentials(userId, { tokens: false });
      await this.authService.userChanged(userId, { revoke: false });
    }
    await this.audit.record({
      actorId: context.user.id,
      action: 'admin.security.updated',
      targetType: 'setting',
      targetId: 'require_totp_for',
      ip,
      details: { before, after: roles, sessionsEnded: signedOut.length },
    });
    return { requireTotpFor: roles };
  }

  /**
   * For someone who lost both their phone and their recovery codes: the second factor is removed
   * and their sessions end, so they sign in again (and enrol again if it is required).
   */
  async resetUserTotp(context: AuthContext, userId: string, ip: string | null): Promise<void> {
    if (!(await this.users.findById(userId))) throw new DomainError('NOT_FOUND', 'No such user.');
    const row = await this.repository.find(userId);
    if (!row?.enabledAt)
      throw new DomainError('CONFLICT', 'This user has no second factor to remove.');
    await this.repository.remove(userId);
    await this.auth.revokeUserCredentials(userId, { tokens: false });
    await this.authService.userChanged(userId, { revoke: false });
    await this.audit.record({
      actorId: context.user.id,
      action: 'admin.user.totp_removed',
      targetType: 'user',
      targetId: userId,
      ip,
    });
  }
}
