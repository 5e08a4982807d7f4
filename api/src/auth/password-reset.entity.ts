import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time password-reset link; the link's secret is stored only as its SHA-256. */
@Entity({ name: 'password_reset_token' })
@Index('password_reset_token_token_hash_key', ['tokenHash'], { unique: true })
@Index('password_reset_token_user_id_idx', ['userId'])
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** SHA-256 of the password hash when issued: a later password change kills the link. */
  @Column({ name: 'password_fingerprint', type: 'text' })
  passwordFingerprint: string;

  /** The admin who issued it from Admin → Users; null when the user asked by e-mail. */
  @Column({ name: 'issued_by', type: 'uuid', nullable: true })
  issuedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when used, and when superseded by a newer link. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
