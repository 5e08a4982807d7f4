import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { lesserRole, roleAtLeast, type Role, type UserEntity } from '../users/user.entity.js';
import { handleProblem } from '../users/handle.js';
import { toUserDto, type UpdateProfileDto, type UserDto } from '../users/users.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import { API_TOKEN_PREFIX, type AuthContext } from './auth-context.js';
import {
  toTokenDto,
  type ChangePasswordDto,
  type CreatedTokenDto,
  type CreateTokenDto,
  type LoginDto,
  type SessionDto,
  type SignupDto,
  type TokenDto,
} from './auth.dto.js';
import { AuthRepository, type PrincipalRow } from './auth.repository.js';
import { CredentialCache } from './credential-cache.js';
import { PasswordHasher } from './password-hasher.js';
import { hashSecret, newSecret } from './token-hash.js';
import { AuditLog } from '../audit/audit-log.js';
import type { TotpChallengeDto } from './totp/totp.dto.js';
import { TotpService } from './totp/totp.service.js';

export interface ClientMeta {
  userAgent: string | null;
  ip: string | null;
}

/** Failed sign-ins allowed per email inside the window before it is locked for the window's length. */
export const LOCKOUT = { maxFailures: 5, windowSeconds: 15 * 60 } as const;
/** How stale `last_seen_at` may get before a request refreshes it (keeps writes off the hot path). */
const TOUCH_AFTER_MS = 5 * 60_000;

@Injectable()
export class AuthService {
  /** The second factor (totp/): asked at sign-in; absent where the service is built by hand (unit tests). */
  @Optional() @Inject(TotpService) private readonly secondFactor?: TotpService;
  /** Sign-ins, sign-outs, password and token changes are audited (audit/); absent in hand-built unit tests. */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly cache: CredentialCache,
  ) {}

  async needsSetup(): Promise<boolean> {
    return !(await this.users.hasAnyUser());
  }

  /** Open only while no account exists: the first account becomes admin (SetupService checks the setup code first). */
  async signup(dto: Omit<SignupDto, 'setupCode'>, meta: ClientMeta): Promise<SessionDto> {
    if (!(await this.needsSetup())) {
      throw new DomainError('SIGNUP_CLOSED', 'Sign-up is closed: ask an admin for an invitation.');
    }
    const user = await this.users.createFirstAdmin({
      email: dto.email,
      displayName: dto.displayName,
      passwordHash: await this.hasher.hash(dto.password),
    });
    if (!user)
      throw new DomainError('SIGNUP_CLOSED', 'Sign-up is closed: ask an admin for an invitation.');
    return this.startSession(user, meta);
  }

  async login(dto: LoginDto, meta: ClientMeta): Promise<SessionDto | TotpChallengeDto> {
    const locked = await this.auth.lockedUntil(dto.email);
    if (locked) throw lockedOut(locked);
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !valid || !user.active) {
      const lockedNow = await this.auth.recordFailure(
        dto.email,
        LOCKOUT.windowSeconds,
        LOCKOUT.maxFailures,
      );
      await this.audit?.record({
        actorId: null,
        actorLabel: dto.email,
        action: 'auth.sign_in.failed',
        targetType: user ? 'user' : undefined,
        targetId: user?.id,
        ip: meta.ip,
        details: { lockedOut: Boolean(lockedNow) },
      });
      if (lockedNow) throw lockedOut(lockedNow);
      throw new DomainError('INVALID_CREDENTIALS', 'The email or password is not right.');
    }
    // Failures are cleared only once the second factor passes: re-entering the password resets nothing.
    const challenge = await this.secondFactor?.challengeFor(user);
    if (challenge) return challenge;
    await this.auth.clearFailures(dto.email);
    await this.audit?.record({
      actorId: user.id,
      action: 'auth.sign_in',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: { method: 'password' },
    });
    return this.startSession(user, meta);
  }

  async startSession(user: UserEntity, meta: ClientMeta): Promise<SessionDto> {
    const token = newSecret();
    await this.auth.createSession({
      id: hashSecret(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + this.config.sessionTtlDays * 86_400_000),
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      ip: meta.ip,
    });
    return { user: toUserDto(user), token };
  }

  get sessionTtlSeconds(): number {
    return this.config.sessionTtlDays * 86_400;
  }

  /** Resolves a session token or personal API token to the caller; undefined when it is not (or no longer) valid. */
  async authenticate(secret: string, via: AuthContext['via']): Promise<AuthContext | undefined> {
    const secretHash = hashSecret(secret);
    let principal = this.cache.get(secretHash);
    if (!principal) {
      principal = secret.startsWith(API_TOKEN_PREFIX)
        ? await this.auth.findTokenPrincipal(secretHash)
        : await this.auth.findSessionPrincipal(secretHash);
      if (!principal) return undefined;
      this.cache.set(secretHash, principal);
    }
    if (principal.expiresAt && principal.expiresAt.getTime() <= Date.now()) return undefined;
    this.touch(principal);
    const isToken = principal.ceiling !== null;
    return {
      user: {
        id: principal.userId,
        email: principal.email,
        displayName: principal.displayName,
        handle: principal.handle,
        role: principal.userRole,
        createdAt: principal.userCreatedAt,
      },
      role: isToken
        ? lesserRole(principal.userRole, principal.ceiling as Role)
        : principal.userRole,
      via,
      sessionId: isToken ? null : principal.credentialId,
      tokenId: isToken ? principal.credentialId : null,
      expiresAt: principal.expiresAt,
    };
  }

  async logout(context: AuthContext): Promise<void> {
    if (!context.sessionId) return;
    await this.auth.revokeSession(context.sessionId);
    await this.revoked(`credential:${context.sessionId}`);
    await this.audit?.record({
      actorId: context.user.id,
      action: 'auth.sign_out',
      targetType: 'user',
      targetId: context.user.id,
    });
  }

  /**
   * Changing the password ends every other session and every API token of the user (a token made
   * by whoever knew the old password must not outlive it); the current session stays signed in.
   */
  async changePassword(context: AuthContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findById(context.user.id);
    if (!user || !(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      throw new DomainError('INVALID_CREDENTIALS', 'The current password is not right.');
    }
    await this.users.update(user.id, { passwordHash: await this.hasher.hash(dto.newPassword) });
    await this.auth.revokeUserCredentials(user.id, {
      exceptSessionId: context.sessionId ?? undefined,
      tokens: true,
    });
    await this.revoked(`user:${user.id}`);
    await this.audit?.record({
      actorId: user.id,
      action: 'auth.password.changed',
      targetType: 'user',
      targetId: user.id,
    });
  }

  /** One's own handle and name; mentions of the old handle stop resolving at once. */
  async updateProfile(context: AuthContext, dto: UpdateProfileDto): Promise<UserDto> {
    if (dto.handle === undefined && dto.displayName === undefined)
      throw new DomainError('VALIDATION_FAILED', 'Give a handle or a displayName to change.');
    const problem = dto.handle === undefined ? undefined : handleProblem(dto.handle);
    if (problem) throw new DomainError('VALIDATION_FAILED', problem);
    const updated = await this.users.updateProfile(context.user.id, {
      handle: dto.handle,
      displayName: dto.displayName,
    });
    if (updated === 'HANDLE_TAKEN')
      throw new DomainError('HANDLE_TAKEN', `@${dto.handle} is taken: pick another handle.`);
    if (!updated) throw new DomainError('NOT_FOUND', 'No such user.');
    // Cached credentials carry the name and handle that comments are signed with.
    await this.revoked(`user:${updated.id}`);
    return toUserDto(updated);
  }

  /** Ends every session and token of a user (deactivation), or only refreshes cached roles (role change). */
  async userChanged(userId: string, options: { revoke: boolean }): Promise<void> {
    if (options.revoke) await this.auth.revokeUserCredentials(userId, { tokens: true });
    await this.revoked(`user:${userId}`);
  }

  async listTokens(context: AuthContext): Promise<TokenDto[]> {
    return (await this.auth.listTokens(context.user.id)).map(toTokenDto);
  }

  async createToken(context: AuthContext, dto: CreateTokenDto): Promise<CreatedTokenDto> {
    const role = dto.role ?? context.role;
    if (!roleAtLeast(context.role, role)) {
      throw new DomainError(
        'FORBIDDEN',
        `A token cannot have more power than you: your role is ${context.role}.`,
      );
    }
    const secret = newSecret(API_TOKEN_PREFIX);
    const token = await this.auth.createToken({
      userId: context.user.id,
      name: dto.name,
      role,
      tokenHash: hashSecret(secret),
      expiresAt: dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 86_400_000) : null,
    });
    await this.audit?.record({
      actorId: context.user.id,
      action: 'auth.token.created',
      targetType: 'api_token',
      targetId: token.id,
      details: { name: dto.name, role },
    });
    return { token: toTokenDto(token), secret };
  }

  async revokeToken(context: AuthContext, tokenId: string): Promise<void> {
    if (!(await this.auth.revokeToken(context.user.id, tokenId)))
      throw new DomainError('NOT_FOUND', 'No such token.');
    await this.revoked(`credential:${tokenId}`);
    await this.audit?.record({
      actorId: context.user.id,
      action: 'auth.token.revoked',
      targetType: 'api_token',
      targetId: tokenId,
    });
  }

  /** Calls `listener` with every revocation applied in this process (see CredentialCache). */
  onRevoked(listener: (key: string) => void): () => void {
    return this.cache.onRevoked(listener);
  }

  /** A briefing's readers changed (visibility, groups): open sockets re-check its threads. */
  async briefingAccessChanged(briefingId: string): Promise<void> {
    await this.revoked(`briefing:${briefingId}`);
  }

  /** Applied here at once, then in every process (this one again, harmlessly) through NOTIFY. */
  private async revoked(key: string): Promise<void> {
    this.cache.revoke(key);
    await this.auth.notifyRevoked(key);
  }

  private touch(principal: PrincipalRow): void {
    const now = Date.now();
    if (principal.lastSeenAt && now - principal.lastSeenAt.getTime() < TOUCH_AFTER_MS) return;
    principal.lastSeenAt = new Date(now);
    const write =
      principal.ceiling === null
        ? this.auth.touchSession(principal.credentialId)
        : this.auth.touchToken(principal.credentialId);
    void write.catch(() => undefined);
  }
}

function lockedOut(until: Date): DomainError {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new DomainError(
    'TOO_MANY_ATTEMPTS',
    `Too many failed sign-ins for this account: try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    { retryAfterSeconds: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}
