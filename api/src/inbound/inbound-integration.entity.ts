import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Visibility } from '../briefings/briefing.entity.js';

/** A channel that imports into one series without a signed-in user: an e-mail address and a signed webhook. */
@Entity({ name: 'inbound_integration' })
@Index('inbound_integration_email_token_key', ['emailTokenHash'], { unique: true })
export class InboundIntegrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  series: string;

  @Column({ type: 'text', default: 'team' })
  visibility: Visibility;

  /** SHA-256 of the token in `briefings+<token>@domain`; the token itself is shown once. */
  @Column({ name: 'email_token_hash', type: 'text' })
  emailTokenHash: string;

  /** `whsec_…`, kept as is: verifying an HMAC needs the key. Never returned after creation or rotation. */
  @Column({ name: 'webhook_secret', type: 'text' })
  webhookSecret: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** Why the last authenticated delivery did not import; cleared by the next success. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
