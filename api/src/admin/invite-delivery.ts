import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import type { AuthContext } from '../auth/auth-context.js';
import { hashSecret, newSecret } from '../auth/token-hash.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Mailer } from '../mail/mailer.js';
import { ROLE_NAMES } from './invite-mail-text.js';
import { toInviteDto, type CreatedInviteDto } from '../users/users.dto.js';
import type { Invite } from '../users/users.repository.js';
import { InviteDeliveryRepository } from './invite-delivery.repository.js';

export const INVITE_TTL_MS = 7 * 86_400_000;

/** Invitations by e-mail (when SMTP is set) and their re-sending with a fresh link. */
@Injectable()
export class InviteDelivery {
  private readonly logger = new Logger(InviteDelivery.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invites: InviteDeliveryRepository,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
  ) {}

  /** Mails the link; false without SMTP or when the server refused (the admin still has the link). */
  async send(
    invite: Pick<Invite, 'id' | 'email' | 'role' | 'expiresAt'>,
    token: string,
  ): Promise<boolean> {
    if (!this.mailer.enabled) return false;
    try {
      await this.mailer.send({
        to: invite.email,
        subject: 'You are invited to Briefroom',
        text: [
          'Hello,',
          '',
          `You are invited to join Briefroom as ${ROLE_NAMES[invite.role]}.`,
          `Open this link to choose your name and password; it works once, until ${invite.expiresAt.toUTCString()}:`,
          '',
          `${this.config.publicUrl.origin}/invite/${token}`,
        ].join('\n'),
      });
      return true;
    } catch (error) {
      this.logger.warn({ err: error, inviteId: invite.id }, 'an invitation could not be e-mailed');
      return false;
    }
  }

  /** A new link for an open invitation (the old one dies), e-mailed when SMTP is set. */
  async resend(actor: AuthContext, inviteId: string): Promise<CreatedInviteDto> {
    const token = newSecret();
    const invite = await this.invites.reissue(
      inviteId,
      hashSecret(token),
      new Date(Date.now() + INVITE_TTL_MS),
    );
    if (!invite) {
      const email = await this.invites.openInviteEmail(inviteId);
      if (email) throw new DomainError('EMAIL_TAKEN', `${email} already has an account.`);
      throw new DomainError('NOT_FOUND', 'No such open invitation.');
    }
    const emailed = await this.send(invite, token);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'admin.invite.resent',
      targetType: 'invite',
      targetId: invite.id,
      details: { email: invite.email, emailed },
    });
    return { invite: toInviteDto(invite), url: `/invite/${token}`, emailed };
  }
}
