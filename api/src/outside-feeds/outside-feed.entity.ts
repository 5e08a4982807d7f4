import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A user's secret Atom feed address (a series, or decisions); rotating it revokes the old one. */
@Entity({ name: 'outside_feed' })
@Index('outside_feed_token_key', ['tokenHash'], { unique: true })
@Index('outside_feed_owner_key', ['userId', 'kind', 'series'], { unique: true })
export class OutsideFeedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: string;
  /** The series of a series feed; '' for the decisions feed. */
  @Column({ type: 'text', default: '' }) series: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  /** The ceiling of the API token that made the feed (null from a session): it never shows more. */
  @Column({ name: 'role_ceiling', type: 'text', nullable: true }) roleCeiling: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
