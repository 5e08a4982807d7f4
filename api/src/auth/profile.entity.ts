import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A pending e-mail change, confirmed by a one-time link sent to the new address (stored as its SHA-256). */
@Entity({ name: 'email_change_token' })
@Index('email_change_token_token_hash_key', ['tokenHash'], { unique: true })
@Index('email_change_token_user_id_idx', ['userId'])
export class EmailChangeTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Lower-cased, as app_user.email is. */
  @Column({ name: 'new_email', type: 'text' })
  newEmail: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** SHA-256 of the password hash when asked: a later password change kills the link. */
  @Column({ name: 'password_fingerprint', type: 'text' })
  passwordFingerprint: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when used, and when superseded by a newer request. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
