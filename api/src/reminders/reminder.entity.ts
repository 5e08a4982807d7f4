import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const REMINDER_KINDS = [
  'action.due_soon',
  'action.overdue',
  'decision.review_due',
  'digest',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One reminder or digest that came due for a user: its unique key is what makes passes idempotent. */
@Entity({ name: 'reminder' })
@Index('reminder_once_key', { synchronize: false })
@Index('reminder_pending_idx', { synchronize: false })
export class ReminderEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) kind: ReminderKind;
  /** The action or decision; none for a digest. */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true }) subjectId: string | null;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** The due date, review date or digest day it is for. */
  @Column({ name: 'on_date', type: 'date' }) onDate: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'email_status', type: 'text', default: 'none' }) emailStatus:
    'none' | 'pending' | 'sent' | 'failed' | 'skipped';
  @Column({ name: 'email_attempts', type: 'integer', default: 0 }) emailAttempts: number;
  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true }) emailedAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
