import { Inject, Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { AuditLog } from '../../audit/audit-log.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { UserEntity } from '../../users/user.entity.js';
import { UsersRepository } from '../../users/users.repository.js';
import type { AuthContext } from '../auth-context.js';
import { AuthRepository } from '../auth.repository.js';
import { PasswordHasher } from '../password-hasher.js';
import { hashSecret, newSecret } from '../token-hash.js';
import {
  hashRecoveryCode,
  isTotpCode,
  newRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { SecretBox } from './secret-box.js';
import type {
  RecoveryCodesDto,
  TotpChallengeDto,
  TotpDisableDto,
  TotpSetupDto,
  TotpStatusDto,
} from './totp.dto.js';
import { TotpRepository, type TotpRow } from './totp.repository.js';

/** Shares the password lock-out's counter and numbers (auth.service LOCKOUT): a wrong code is a failed sign-in. */
export const SECOND_FACTOR_LOCKOUT = { maxFailures: 5, windowSeconds: 15 * 60 } as const;
/** A right password waits this long for its code. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
/** Wrong codes one challenge takes before it is dropped (the account lock-out may come first). */
const CHALLENGE_MAX_FAILURES = 5;
const ISSUER = 'Briefroom';
/** RFC 6238 defaults (what authenticator apps assume); ±1 step: a phone clock a little off still signs in. */
const STEP_SECONDS = 30;
const WINDOW_STEPS = 1;

interface ClientMeta {
  userAgent: string | null;
  ip: string | null;
}

/** Second factor for password accounts: TOTP (RFC 6238) through otplib, with one-time recovery codes. */
@Injectable()
export class TotpService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: TotpRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {
    this.box = new SecretBox(config.totpEncryptionKey);
  }

  async status(context: AuthContext): Promise<TotpStatusDto> {
    const user = await this.currentUser(context);
    const row = await this.repository.find(user.id);
    const enabled = Boolean(row?.enabledAt);
    return {
      enabled,
      pending: Boolean(row && !row.enabledAt),
      recoveryCodesLeft: enabled ? await this.repository.recoveryCodesLeft(user.id) : 0,
      required: await this.isRequiredFor(user),
      available: user.passwordHash !== null,
    };
  }

  /** Issues a pending secret; the second factor is on only once `enable` sees a code from it. */
  async setup(context: AuthContext): Promise<TotpSetupDto> {
    const user = await this.passwordUser(context);
    return this.issueSecret(user);
  }

  async enable(context: AuthContext, code: string, meta: ClientMeta): Promise<RecoveryCodesDto> {
    const user = await this.passwordUser(context);
    const recoveryCodes = await this.enableWith(user, code, meta);
    if (!recoveryCodes)
      throw new DomainError(
        'BAD_REQUEST',
        'That code is not right: check the app shows Briefroom and try the current code.',
      );
    return { recoveryCodes };
  }

  /** Turns the second factor off with the password or a code; refused while an admin requires it. */
  async disable(context: AuthContext, dto: TotpDisableDto, meta: ClientMeta): Promise<void> {
    const user = await this.passwordUser(context);
    if (!dto.password && !dto.code)
      throw new DomainError('VALIDATION_FAILED', 'Give your password or a current code.');
    const row = await this.enabledRow(user.id);
    if (await this.isRequiredFor(user))
      throw new DomainError(
        'FORBIDDEN',
        `An admin requires a second factor for the ${user.role} role: it cannot be turned off.`,
      );
    const proven = dto.password
      ? await this.hasher.verify(user.passwordHash, dto.password)
      : await this.checkCode(user, row, dto.code ?? '', meta);
    if (!proven) {
      await this.failed(user, meta, 'disable');
      throw new DomainError(
        'BAD_REQUEST',
        dto.password ? 'The password is not right.' : 'That code is not right.',
      );
    }
    await this.repository.remove(user.id);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.totp.disabled',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: { with: dto.password ? 'password' : 'code' },
    });
  }

  async regenerateRecoveryCodes(
    context: AuthContext,
    code: string,
    meta: ClientMeta,
  ): Promise<RecoveryCodesDto> {
    const user = await this.passwordUser(context);
    const row = await this.enabledRow(user.id);
    if (!(await this.checkCode(user, row, code, meta))) {
      await this.failed(user, meta, 'recovery_codes');
      throw new DomainError('BAD_REQUEST', 'That code is not right.');
    }
    const recoveryCodes = newRecoveryCodes();
    await this.repository.replaceRecoveryCodes(user.id, recoveryCodes.map(hashRecoveryCode));
    await this.audit.record({
      actorId: user.id,
      action: 'auth.totp.recovery_codes_regenerated',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
    });
    return { recoveryCodes };
  }

  /**
   * The sign-in hook (AuthService.login, after a right password): a challenge when the account has
   * a second factor, or must enrol one first; undefined lets the session start at once.
   */
  async challengeFor(user: UserEntity): Promise<TotpChallengeDto | undefined> {
    const row = await this.repository.find(user.id);
    const purpose = row?.enabledAt
      ? 'verify'
      : (await this.isRequiredFor(user))
        ? 'enrol'
        : undefined;
    if (!purpose) return undefined;
    const challenge = newSecret();
    await this.repository.createChallenge(
      hashSecret(challenge),
      user.id,
      purpose,
      CHALLENGE_TTL_SECONDS,
    );
    return { totpRequired: true, enrolmentRequired: purpose === 'enrol', challenge };
  }

  /** Enrolment during sign-in: the secret for a challenge whose account must enrol first. */
  async challengeSetup(challenge: string): Promise<TotpSetupDto> {
    const found = await this.repository.findChallenge(hashSecret(challenge));
    if (!found) throw expiredChallenge();
    if (found.purpose !== 'enrol')
      throw new DomainError('CONFLICT', 'This account already has a second factor: send a code.');
    const user = await this.users.findById(found.userId);
    if (!user?.active) throw expiredChallenge();
    return this.issueSecret(user);
  }

  /**
   * Finishes a sign-in with a code (or a recovery code): the user to start a session for, and the
   * recovery codes when this step finished an enrolment. Wrong codes count as failed sign-ins.
   */
  async completeChallenge(
    challenge: string,
    code: string,
    meta: ClientMeta,
  ): Promise<{ user: UserEntity; recoveryCodes?: string[] }> {
    const id = hashSecret(challenge);
    const found = await this.repository.findChallenge(id);
    if (!found) throw expiredChallenge();
    const user = await this.users.findById(found.userId);
    if (!user?.active) throw expiredChallenge();
    const locked = await this.auth.lockedUntil(user.email);
    if (locked) throw lockedOut(locked);

    let recoveryCodes: string[] | undefined;
    let ok: boolean;
    if (found.purpose === 'enrol') {
      recoveryCodes = await this.enableWith(user, code, meta);
      ok = recoveryCodes !== undefined;
    } else {
      const row = await this.repository.find(user.id);
      ok = Boolean(row?.enabledAt) && (await this.checkCode(user, row as TotpRow, code, meta));
    }
    if (!ok) {
      await this.repository.challengeFailed(id, CHALLENGE_MAX_FAILURES);
      const lockedNow = await this.failed(user, meta, 'sign_in');
      if (lockedNow) throw lockedOut(lockedNow);
      throw new DomainError('INVALID_CREDENTIALS', 'That code is not right.');
    }
    if (!(await this.repository.consumeChallenge(id))) throw expiredChallenge();
    await this.auth.clearFailures(user.email);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.sign_in',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: {
        method:
          found.purpose === 'enrol'
            ? 'password+totp_enrolment'
            : isTotpCode(code)
              ? 'password+totp'
              : 'password+recovery_code',
      },
    });
    return { user, recoveryCodes };
  }

  /** Whether an admin requires a second factor of this password account's role. */
  async isRequiredFor(user: Pick<UserEntity, 'role' | 'passwordHash'>): Promise<boolean> {
    if (user.passwordHash === null) return false;
    return (await this.repository.requiredRoles()).includes(user.role);
  }

  private async issueSecret(user: UserEntity): Promise<TotpSetupDto> {
    const secret = authenticator.generateSecret(20);
    if (!(await this.repository.savePending(user.id, this.box.seal(secret))))
      throw new DomainError(
        'CONFLICT',
        'Two-factor authentication is already on: turn it off first.',
      );
    const otpauthUrl = authenticator.keyuri(user.email, ISSUER, secret);
    // loaded by the first enrolment, not with every start
    const { default: QRCode } = await import('qrcode');
    const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
    return { secret, otpauthUrl, qrSvg };
  }

  /** Verifies a first code against the pending secret and turns the factor on; undefined when wrong. */
  private async enableWith(
    user: UserEntity,
    code: string,
    meta: ClientMeta,
  ): Promise<string[] | undefined> {
    const row = await this.repository.find(user.id);
    if (row?.enabledAt)
      throw new DomainError('CONFLICT', 'Two-factor authentication is already on.');
    if (!row)
      throw new DomainError('CONFLICT', 'Start with setup: there is no secret waiting for a code.');
    const step = this.matchingStep(row, code);
    if (step === undefined) return undefined;
    const recoveryCodes = newRecoveryCodes();
    if (!(await this.repository.enable(user.id, step, recoveryCodes.map(hashRecoveryCode))))
      return undefined;
    await this.audit.record({
      actorId: user.id,
      action: 'auth.totp.enabled',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
    });
    return recoveryCodes;
  }

  /** A current code (each usable once) or an unused recovery code of an enabled factor. */
  private async checkCode(
    user: UserEntity,
    row: TotpRow,
    code: string,
    meta: ClientMeta,
  ): Promise<boolean> {
    if (isTotpCode(code)) {
      const step = this.matchingStep(row, code);
      return step !== undefined && (await this.repository.useStep(user.id, step));
    }
    if (!(await this.repository.useRecoveryCode(user.id, hashRecoveryCode(code)))) return false;
    await this.audit.record({
      actorId: user.id,
      action: 'auth.totp.recovery_code_used',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: { left: await this.repository.recoveryCodesLeft(user.id) },
    });
    return true;
  }

  /** The time step the code belongs to, if it is one of the window's and later than the last used. */
  private matchingStep(row: TotpRow, code: string): number | undefined {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return undefined;
    const now = Date.now();
    const delta = authenticator
      .clone({ epoch: now, step: STEP_SECONDS, window: WINDOW_STEPS })
      .checkDelta(token, this.box.open(row.secret));
    if (delta === null) return undefined;
    const step = Math.floor(now / 1000 / STEP_SECONDS) + delta;
    return row.lastUsedStep !== null && step <= row.lastUsedStep ? undefined : step;
  }

  /** Counts a wrong second factor against the account's sign-in lock-out; the lock's end if it locked. */
  private async failed(
    user: UserEntity,
    meta: ClientMeta,
    step: string,
  ): Promise<Date | undefined> {
    const lockedNow = await this.auth.recordFailure(
      user.email,
      SECOND_FACTOR_LOCKOUT.windowSeconds,
      SECOND_FACTOR_LOCKOUT.maxFailures,
    );
    // At sign-in it is a failed sign-in like a wrong password (no one is signed in yet).
    await this.audit.record({
      actorId: step === 'sign_in' ? null : user.id,
      actorLabel: step === 'sign_in' ? user.email : undefined,
      action: step === 'sign_in' ? 'auth.sign_in.failed' : 'auth.totp.failed',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: { secondFactor: true, step, lockedOut: Boolean(lockedNow) },
    });
    return lockedNow;
  }

  private async currentUser(context: AuthContext): Promise<UserEntity> {
    const user = await this.users.findById(context.user.id);
    if (!user) throw new DomainError('NOT_FOUND', 'No such user.');
    return user;
  }

  /** Only a signed-in browser session of a password account manages its second factor (not an API token). */
  private async passwordUser(context: AuthContext): Promise<UserEntity> {
    if (!context.sessionId)
      throw new DomainError(
        'FORBIDDEN',
        'Manage two-factor authentication from a signed-in session, not with an API token.',
      );
    const user = await this.currentUser(context);
    if (user.passwordHash === null)
      throw new DomainError(
        'FORBIDDEN',
        'This account signs in through single sign-on, whose provider handles the second factor.',
      );
    return user;
  }

  private async enabledRow(userId: string): Promise<TotpRow> {
    const row = await this.repository.find(userId);
    if (!row?.enabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is not on.');
    return row;
  }
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

function expiredChallenge(): DomainError {
  return new DomainError('INVALID_CREDENTIALS', 'This sign-in step has expired: sign in again.');
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
