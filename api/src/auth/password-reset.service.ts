import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { AuditLog } from '../audit/audit-log.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { Mailer } from '../mail/mailer.js';
import { UsersRepository, type User } from '../users/users.repository.js';
import type { AuthContext } from './auth-context.js';
import { AuthService, type ClientMeta } from './auth.service.js';
import type { AcceptedDto, ConfirmPasswordResetDto, ResetLinkDto } from './password-reset.dto.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { hashSecret, newSecret } from './token-hash.js';

/** How long a reset link works. */
export const RESET_LINK_TTL_MS = 30 * 60_000;
/** Reset requests per e-mail address (whether or not it has an account) per hour, across processes. */
export const RESET_REQUESTS_PER_EMAIL = { limit: 5, ttlMs: 60 * 60_000 } as const;

/** Ties a link to the password it may replace: any change of the password hash kills the link. */
export const passwordFingerprint = (passwordHash: string | null): string =>
  hashSecret(`password:${passwordHash ?? ''}`);

/**
 * Password recovery by a one-time link. Asking answers alike whatever the address is: the
 * account is looked up, and the link made and mailed, by a background job.
 */
@Injectable()
export class PasswordResetService implements OnModuleInit {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ThrottlerStorage) private readonly throttler: ThrottlerStorage,
    private readonly links: PasswordResetRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.jobs.register(JobName.PasswordResetMail, {
      handler: (data) => this.mailLink(data.email),
      cron: undefined,
      retryLimit: 3,
      expireInSeconds: 120,
    });
  }

  async request(email: string, client: ClientMeta): Promise<AcceptedDto> {
    await this.countRequest(email);
    await this.audit.record({
      actorId: null,
      action: 'auth.password_reset.requested',
      ip: client.ip,
      details: { email, emailed: this.mailer.enabled },
    });
    // Without SMTP an admin hands out the link (Admin → Users).
    if (this.mailer.enabled)
      await this.jobs.send(JobName.PasswordResetMail, { email, ip: client.ip });
    return {
      message: 'If this address has an account, a link to reset its password is on its way.',
    };
  }

  async confirm(dto: ConfirmPasswordResetDto, client: ClientMeta): Promise<void> {
    const tokenHash = hashSecret(dto.token);
    if (!(await this.links.isOpen(tokenHash))) throw linkInvalid();
    const done = await this.links.redeem(
      tokenHash,
      await this.hasher.hash(dto.password),
      passwordFingerprint,
    );
    if (!done) throw linkInvalid();
    // Whoever knew the old password (or holds a stolen session) is signed out everywhere.
    await this.auth.userChanged(done.userId, { revoke: true });
    await this.audit.record({
      actorId: done.userId,
      action: 'auth.password_reset.completed',
      targetType: 'user',
      targetId: done.userId,
      ip: client.ip,
    });
  }

  /** Admin → Users: the same one-time link, for the admin to hand over when no mail is sent. */
  async issueByAdmin(
    actor: AuthContext,
    userId: string,
    client: ClientMeta,
  ): Promise<ResetLinkDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('NOT_FOUND', 'No such user.');
    if (!user.active)
      throw new DomainError(
        'CONFLICT',
        'This account is deactivated: reactivate it before issuing a reset link.',
      );
    const link = await this.issue(user, actor.user.id);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'admin.user.password_reset_link_issued',
      targetType: 'user',
      targetId: user.id,
      ip: client.ip,
    });
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  }

  /** The background half of a request: only active accounts with a password get a link. */
  private async mailLink(email: string): Promise<{ sent: boolean }> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.active || !user.passwordHash || !this.mailer.enabled) return { sent: false };
    const link = await this.issue(user, null);
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your Briefroom password',
      text: [
        `Hello ${user.displayName},`,
        '',
        'Someone (hopefully you) asked to reset the password of your Briefroom account.',
        'Open this link within 30 minutes to choose a new one; it works once:',
        '',
        link.url,
        '',
        'If you did not ask, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
    });
    this.logger.log({ userId: user.id }, 'password reset link e-mailed');
    return { sent: true };
  }

  private async issue(
    user: User,
    issuedBy: string | null,
  ): Promise<{ url: string; expiresAt: Date }> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + RESET_LINK_TTL_MS);
    await this.links.issue({
      userId: user.id,
      tokenHash: hashSecret(token),
      passwordFingerprint: passwordFingerprint(user.passwordHash),
      issuedBy,
      expiresAt,
    });
    return { url: `${this.config.publicUrl.origin}/reset-password/${token}`, expiresAt };
  }

  /** Per e-mail address, counted alike for known and unknown ones (the per-client limit is the route's). */
  private async countRequest(email: string): Promise<void> {
    const { ttlMs, limit } = RESET_REQUESTS_PER_EMAIL;
    const record = await this.throttler.increment(
      `password-reset:${hashSecret(email)}`,
      ttlMs,
      limit,
      ttlMs,
      'password-reset',
    );
    if (!record.isBlocked) return;
    const retryAfter = Math.max(1, Math.ceil(record.timeToBlockExpire));
    throw new DomainError(
      'RATE_LIMITED',
      `Too many reset requests for this address: try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      { retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}

function linkInvalid(): DomainError {
  return new DomainError(
    'LINK_INVALID',
    'This reset link is unknown, already used or expired: ask for a new one.',
  );
}
