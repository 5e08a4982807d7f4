import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type NotificationKind =
  | 'mention'
  | 'reply'
  | 'activity'
  | 'action.due_soon'
  | 'action.overdue'
  | 'decision.review_due'
  | 'saved_search'
  | 'action.changed';

@Entity({ name: 'notification' })
@Index('notification_user_idx', { synchronize: false })
@Index('notification_unread_idx', { synchronize: false })
@Index('notification_comment_idx', ['commentId'])
@Index('notification_thread_idx', ['threadId'])
@Index('notification_action_idx', ['actionId'])
@Index('notification_decision_idx', ['decisionId'])
@Index('notification_saved_search_idx', ['savedSearchId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: NotificationKind;
  /** A notification is about a thread, an action item or a decision (reminders). */
  @Column({ name: 'thread_id', type: 'uuid', nullable: true }) threadId: string | null;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId: string | null;
  @Column({ name: 'decision_id', type: 'uuid', nullable: true }) decisionId: string | null;
  /** Saved-search alerts: the saved search that found new results. */
  @Column({ name: 'saved_search_id', type: 'uuid', nullable: true }) savedSearchId: string | null;
  @Column({ name: 'comment_id', type: 'uuid', nullable: true }) commentId: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
}
