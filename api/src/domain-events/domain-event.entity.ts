import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A committed domain event waiting for its consumers (webhooks, notification e-mail). */
@Entity({ name: 'domain_event' })
@Index('domain_event_available_idx', ['availableAt', 'id'])
export class DomainEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'handled_by', type: 'text', array: true, default: () => "'{}'" })
  handledBy: string[];
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' }) availableAt: Date;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
