import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Mailer } from '../mail/mailer.js';
import { toUserDto, type UserDto } from '../users/users.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AuthContext } from './auth-context.js';
import { AuthService, type ClientMeta } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordFingerprint } from './password-reset.service.js';
import type { AcceptedDto } from './password-reset.dto.js';
import type { AccountSessionDto, ChangeEmailDto } from './profile.dto.js';
import { ProfileRepository } from './profile.repository.js';
import { hashSecret, newSecret } from './token-hash.js';

/** How long the link that confirms a new e-mail address works. */
export const EMAIL_LINK_TTL_MS = 24 * 3_600_000;

/** One's own account: the e-mail address (confirmed by a link to the new one) and sessions. */
@Injectable()
export class ProfileService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly profile: ProfileRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
  ) {}

  /** Mails a confirmation link to the new address; an address that has an account gets nothing (202 alike). */
  async requestEmailChange(context: AuthContext, dto: ChangeEmailDto): Promise<AcceptedDto> {
    const user = await this.users.findById(context.user.id);
    if (!user || !(await this.hasher.verify(user.passwordHash, dto.password)))
      throw new DomainError('INVALID_CREDENTIALS', 'The password is not right.');
    if (dto.email === user.email)
      throw new DomainError('VALIDATION_FAILED', 'This is your address already.');
    if (!this.mailer.enabled)
      throw new DomainError(
        'CONFLICT',
        'This server sends no e-mail (SMTP is not set up), so a new address cannot be confirmed.',
      );
    const accepted = { message: `A link to confirm ${dto.email} is on its way to that address.` };
    if (await this.profile.emailTaken(dto.email)) return accepted;
    const token = newSecret();
    await this.profile.issueEmailChange({
      userId: user.id,
      newEmail: dto.email,
      tokenHash: hashSecret(token),
      passwordFingerprint: passwordFingerprint(user.passwordHash),
      expiresAt: new Date(Date.now() + EMAIL_LINK_TTL_MS),
    });
    try {
      await this.mailer.send({
        to: dto.email,
        subject: 'Confirm your new Briefroom e-mail address',
        text: [
          `Hello ${user.displayName},`,
          '',
          `Open this link within 24 hours to use ${dto.email} for your Briefroom account; it works once:`,
          '',
          `${this.config.publicUrl.origin}/confirm-email/${token}`,
          '',
          'If you did not ask for this, ignore this e-mail.',
        ].join('\n'),
      });
    } catch {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The e-mail could not be sent: try again later.',
      );
    }
    return accepted;
  }

  async confirmEmailChange(token: string, client: ClientMeta): Promise<UserDto> {
    const outcome = await this.profile.confirmEmailChange(hashSecret(token), passwordFingerprint);
    if (outcome === 'EMAIL_TAKEN')
      throw new DomainError('EMAIL_TAKEN', 'This address has an account already.');
    if (!outcome)
      throw new DomainError(
        'LINK_INVALID',
        'This confirmation link is unknown, already used or expired: ask for a new one.',
      );
    // Cached credentials carry the address.
    await this.auth.userChanged(outcome.userId, { revoke: false });
    await this.audit.record({
      actorId: outcome.userId,
      action: 'auth.email_changed',
      targetType: 'user',
      targetId: outcome.userId,
      ip: client.ip,
      details: { from: outcome.from, to: outcome.to },
    });
    const user = await this.users.findById(outcome.userId);
    if (!user) throw new DomainError('NOT_FOUND', 'No such user.');
    return toUserDto(user);
  }

  async listSessions(context: AuthContext): Promise<AccountSessionDto[]> {
    return (await this.profile.listLiveSessions(context.user.id)).map((session) => ({
      id: session.id,
      current: session.id === context.sessionId,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      userAgent: session.userAgent,
      ip: session.ip,
    }));
  }

  async endSession(context: AuthContext, sessionId: string, client: ClientMeta): Promise<void> {
    if (!(await this.profile.endSession(context.user.id, sessionId)))
      throw new DomainError('NOT_FOUND', 'No such session.');
    // Drops the user's cached credentials everywhere, so the ended one is refused at once.
    await this.auth.userChanged(context.user.id, { revoke: false });
    await this.recordEnded(context, [sessionId], client);
  }

  /** Ends every session but the caller's own (all of them when the caller uses an API token). */
  async endOtherSessions(context: AuthContext, client: ClientMeta): Promise<number> {
    const ended = await this.profile.endOtherSessions(context.user.id, context.sessionId);
    if (ended.length) {
      await this.auth.userChanged(context.user.id, { revoke: false });
      await this.recordEnded(context, ended, client);
    }
    return ended.length;
  }

  private recordEnded(context: AuthContext, ids: string[], client: ClientMeta): Promise<void> {
    return this.audit.record({
      actorId: context.user.id,
      action: 'auth.sessions_ended',
      targetType: 'user',
      targetId: context.user.id,
      ip: client.ip,
      details: { count: ids.length },
    });
  }
}
