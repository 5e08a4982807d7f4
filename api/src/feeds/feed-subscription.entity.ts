import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A feed an admin subscribed to: polled on a schedule, each new entry imported once into its series. */
@Entity({ name: 'feed_subscription' })
@Index('feed_subscription_url_key', ['url'], { unique: true })
@Index('feed_subscription_due_idx', { synchronize: false })
export class FeedSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  url: string;

  /** The feed's own title, as of its last successful poll. */
  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** The series its briefings are filed under; null keeps what each entry says. */
  @Column({ type: 'text', nullable: true })
  series: string | null;

  /** Validators of the last answer, sent back so an unchanged feed answers 304. */
  @Column({ type: 'text', nullable: true })
  etag: string | null;

  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified: string | null;

  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  /** Why the last poll failed; cleared by the next success. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'next_poll_at', type: 'timestamptz', default: () => 'now()' })
  nextPollAt: Date;

  /** Failed polls in a row: each doubles the wait before the next, up to a day. */
  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
