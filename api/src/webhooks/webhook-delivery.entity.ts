import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One event for one hook: retried with exponential back-off until delivered or out of attempts. */
@Entity({ name: 'webhook_delivery' })
@Index('webhook_delivery_webhook_idx', { synchronize: false })
@Index('webhook_delivery_due_idx', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'webhook_id', type: 'uuid' }) webhookId: string;
  @Column({ type: 'text' }) event: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @Column({ type: 'text', default: 'pending' }) state: string;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;
  @Column({ name: 'last_status', type: 'integer', nullable: true }) lastStatus: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  /** Every attempt: when, the receiver's status (or the error) and how long it took. */
  @Column({ name: 'attempt_log', type: 'jsonb', default: () => "'[]'" }) attemptLog: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
}
