import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const THREAD_STATES = ['open', 'converging', 'resolved'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** A discussion on a prompt (created at import) or on an item (opened by a member). */
@Entity({ name: 'thread' })
@Index('thread_prompt_key', { synchronize: false })
@Index('thread_item_key', { synchronize: false })
@Index('thread_briefing_idx', ['briefingId'])
@Index('thread_activity_idx', { synchronize: false })
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'prompt_id', type: 'uuid', nullable: true })
  promptId: string | null;

  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  /** The prompt or item text, kept so the thread reads well even if its source is re-imported away. */
  @Column({ type: 'text' })
  title: string;

  /** For lists, notifications and search: the title's first clause unless an editor set it. */
  @Column({ name: 'short_title', type: 'text' })
  shortTitle: string;

  /** An editor set the short title: a re-import keeps it. */
  @Column({ name: 'short_title_edited', type: 'boolean', default: false })
  shortTitleEdited: boolean;

  @Column({ type: 'text', default: 'open' })
  state: ThreadState;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  /** The last event sequence number; each thread event takes the next one in its own transaction. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0 })
  lastSeq: string;

  @Column({ name: 'comment_count', type: 'integer', default: 0 })
  commentCount: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
