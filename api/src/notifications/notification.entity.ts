import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'notification' })
@Index('notification_user_idx', { synchronize: false })
@Index('notification_unread_idx', { synchronize: false })
@Index('notification_comment_idx', ['commentId'])
@Index('notification_thread_idx', ['threadId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: 'mention' | 'reply' | 'activity';
  @Column({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @Column({ name: 'comment_id', type: 'uuid', nullable: true }) commentId: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
}
