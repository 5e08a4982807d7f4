import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A user's saved query; with `alert` the user is notified when new results appear. */
@Entity({ name: 'saved_search' })
@Index('saved_search_user_idx', { synchronize: false })
@Index('saved_search_alert_idx', { synchronize: false })
export class SavedSearchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) query: string;
  @Column({ type: 'jsonb', default: {} }) filters: Record<string, unknown>;
  @Column({ type: 'boolean', default: false }) alert: boolean;
  @Column({ name: 'last_new_hits', type: 'integer', default: 0 }) lastNewHits: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_checked_at', type: 'timestamptz', default: () => 'now()' })
  lastCheckedAt: Date;
}
