import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A change waiting to reach the search index; written by triggers in the changing transaction. */
@Entity({ name: 'search_outbox' })
@Index('search_outbox_available_idx', ['availableAt', 'id'])
export class SearchOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType: string;
  @Column({ name: 'entity_id', type: 'uuid' }) entityId: string;
  @Column({ name: 'enqueued_at', type: 'timestamptz', default: () => 'now()' }) enqueuedAt: Date;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' }) availableAt: Date;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}

/** One group of equivalent search terms ("k8s" ↔ "kubernetes"), edited by admins. */
@Entity({ name: 'search_synonym' })
export class SearchSynonymEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', array: true }) terms: string[];
  @Column({ type: 'integer', default: 0 }) position: number;
}

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
