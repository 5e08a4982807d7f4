import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user's TOTP secret (sealed, see secret-box.ts); pending while `enabledAt` is null. */
@Entity({ name: 'user_totp' })
export class UserTotpEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'enabled_at', type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  /** The RFC 6238 time step of the last accepted code: a code is good once. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One-time recovery codes, stored as their SHA-256 only. */
@Entity({ name: 'totp_recovery_code' })
export class TotpRecoveryCodeEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** A right password waiting for its second factor (or for enrolment); `id` is the token's SHA-256. */
@Entity({ name: 'totp_challenge' })
@Index('totp_challenge_user_id_idx', ['userId'])
export class TotpChallengeEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  purpose: 'verify' | 'enrol';

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The install's security policy: a single row (id 1). */
@Entity({ name: 'security_setting' })
export class SecuritySettingEntity {
  @PrimaryColumn({ type: 'integer', default: 1 })
  id: number;

  @Column({ name: 'require_totp_for', type: 'text', array: true, default: '{}' })
  requireTotpFor: string[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;
}
