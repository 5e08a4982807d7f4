import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
