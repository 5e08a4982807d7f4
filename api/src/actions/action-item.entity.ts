import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity({ name: 'action_item' })
@Index('action_item_owner_idx', ['ownerId', 'status'])
@Index('action_item_status_due_idx', ['status', 'dueOn'])
export class ActionItemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) title: string;
  /** Markdown. */
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ name: 'owner_id', type: 'uuid', nullable: true }) ownerId: string | null;
  @Column({ type: 'text', default: 'open' }) status: string;
  @Column({ type: 'text', default: 'medium' }) priority: string;
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
}

@Entity({ name: 'decision' })
@Index('decision_status_idx', { synchronize: false })
@Index('decision_supersedes_key', { synchronize: false })
@Index('decision_thread_idx', ['threadId'])
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) statement: string;
  @Column({ type: 'text', default: '' }) rationale: string;
  @Column({ type: 'text', default: '' }) alternatives: string;
  @Column({ type: 'text', default: 'proposed' }) status: string;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_on', type: 'date', nullable: true }) decidedOn: string | null;
  @Column({ name: 'review_by', type: 'date', nullable: true }) reviewBy: string | null;
  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true }) supersedesId: string | null;
  @Column({ name: 'thread_id', type: 'uuid', nullable: true }) threadId: string | null;
  @Column({ name: 'comment_id', type: 'uuid', nullable: true }) commentId: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One typed link table for actions and decisions. */
@Entity({ name: 'follow_up_link' })
@Index('follow_up_link_target_idx', ['targetType', 'targetId'])
@Index('follow_up_link_briefing_idx', ['briefingId', 'ownerType'])
export class FollowUpLinkEntity {
  @PrimaryColumn({ name: 'owner_type', type: 'text' }) ownerType: string;
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @PrimaryColumn({ name: 'target_type', type: 'text' }) targetType: string;
  @PrimaryColumn({ name: 'target_id', type: 'uuid' }) targetId: string;
  /** The briefing the target belongs to (none for decisions and actions): what decides visibility. */
  @Column({ name: 'briefing_id', type: 'uuid', nullable: true }) briefingId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Who changed what, when, on an action or decision. */
@Entity({ name: 'activity' })
@Index('activity_subject_idx', ['subjectType', 'subjectId', 'id'])
export class ActivityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType: string;
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'jsonb' }) change: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A user's secret calendar URL for their due dates; rotating it revokes the old one. */
@Entity({ name: 'calendar_feed' })
export class CalendarFeedEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'token_hash', type: 'text', unique: true }) tokenHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
