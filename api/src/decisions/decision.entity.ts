import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

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
  /** Stances are taken until then (null: until an editor accepts or rejects). */
  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true }) closesAt: Date | null;
  /** The stance tally when an editor accepted or rejected it. */
  @Column({ name: 'decided_tally', type: 'jsonb', nullable: true }) decidedTally: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
