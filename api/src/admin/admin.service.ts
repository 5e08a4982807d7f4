import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { SessionDto } from '../auth/auth.dto.js';
import { AuthService, type ClientMeta } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { hashSecret, newSecret } from '../auth/token-hash.js';
import {
  toInviteDto,
  toUserDto,
  type AcceptInviteDto,
  type CreatedInviteDto,
  type CreateInviteDto,
  type InviteDto,
  type PublicInviteDto,
  type UpdateUserDto,
  type UserDto,
} from '../users/users.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuditLog } from '../audit/audit-log.js';
import { InviteDelivery } from './invite-delivery.js';

const INVITE_TTL_MS = 7 * 86_400_000;

/** Account administration: invitations, roles, deactivation, and the first admin at start-up. */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);
  /** Role changes, deactivations and invitations are audited (audit/). */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly delivery: InviteDelivery,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
  ) {}

  /** ADMIN_EMAIL + ADMIN_PASSWORD create the first admin on a database with no users. */
  async bootstrapAdmin(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const created = await this.users.createFirstAdmin({
      email: admin.email,
      displayName: admin.email.split('@')[0] ?? 'Admin',
      passwordHash: await this.hasher.hash(admin.password),
    });
    if (created) this.logger.log(`Created the first admin ${created.email} from ADMIN_EMAIL`);
  }

  async listUsers(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  async updateUser(actor: AuthContext, userId: string, dto: UpdateUserDto): Promise<UserDto> {
    if (dto.role === undefined && dto.active === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Give a role or an active flag to change.');
    }
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('NOT_FOUND', 'No such user.');
    const losesAdmin =
      user.role === 'admin' &&
      user.active &&
      (dto.active === false || (dto.role !== undefined && dto.role !== 'admin'));
    if (losesAdmin && (await this.users.countActiveAdmins()) <= 1) {
      throw new DomainError(
        'CONFLICT',
        'This is the last active admin: make someone else admin first.',
      );
    }
    if (user.id === actor.user.id && dto.active === false) {
      throw new DomainError('CONFLICT', 'You cannot deactivate yourself.');
    }
    const updated = await this.users.update(user.id, dto);
    if (!updated) throw new DomainError('NOT_FOUND', 'No such user.');
    await this.auth.userChanged(user.id, { revoke: dto.active === false });
    if (dto.role !== undefined && dto.role !== user.role)
      await this.audit?.record({
        actorId: actor.user.id,
        action: 'admin.user.role_changed',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, from: user.role, to: dto.role },
      });
    if (dto.active !== undefined && dto.active !== user.active)
      await this.audit?.record({
        actorId: actor.user.id,
        action: dto.active ? 'admin.user.reactivated' : 'admin.user.deactivated',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email },
      });
    return toUserDto(updated);
  }

  async listInvites(): Promise<InviteDto[]> {
    return (await this.users.listInvites()).map(toInviteDto);
  }

  async createInvite(actor: AuthContext, dto: CreateInviteDto): Promise<CreatedInviteDto> {
    // A deactivated account may be invited back: accepting reactivates it.
    const existing = await this.users.findByEmail(dto.email);
    if (existing?.active) {
      throw new DomainError('EMAIL_TAKEN', `${dto.email} already has an account.`);
    }
    const token = newSecret();
    const invite = await this.users.createInvite({
      email: dto.email,
      role: dto.role,
      tokenHash: hashSecret(token),
      invitedBy: actor.user.id,
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
    });
    await this.audit?.record({
      actorId: actor.user.id,
      action: 'admin.invite.created',
      targetType: 'invite',
      targetId: invite.id,
      details: { email: invite.email, role: invite.role },
    });
    return {
      invite: toInviteDto(invite),
      url: `/invite/${token}`,
      emailed: await this.delivery.send(invite, token),
    };
  }

  async revokeInvite(inviteId: string): Promise<void> {
    if (!(await this.users.revokeInvite(inviteId)))
      throw new DomainError('NOT_FOUND', 'No such open invitation.');
    await this.audit?.record({
      action: 'admin.invite.revoked',
      targetType: 'invite',
      targetId: inviteId,
    });
  }

  async showInvite(token: string): Promise<PublicInviteDto> {
    const invite = await this.users.findOpenInvite(hashSecret(token));
    if (!invite) throw inviteNotFound();
    return { email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  }

  async acceptInvite(token: string, dto: AcceptInviteDto, client: ClientMeta): Promise<SessionDto> {
    const result = await this.users.acceptInvite(hashSecret(token), {
      displayName: dto.displayName,
      passwordHash: await this.hasher.hash(dto.password),
    });
    if (!result) throw inviteNotFound();
    if ('conflict' in result)
      throw new DomainError(
        'EMAIL_TAKEN',
        'An account with this email exists already: sign in instead.',
      );
    await this.audit?.record({
      actorId: result.user.id,
      action: 'auth.invite.accepted',
      targetType: 'user',
      targetId: result.user.id,
      ip: client.ip,
      details: { role: result.user.role },
    });
    return this.auth.startSession(result.user, client);
  }
}

function inviteNotFound(): DomainError {
  return new DomainError(
    'INVITE_NOT_FOUND',
    'This invitation is unknown, already used or expired: ask for a new one.',
  );
}
