import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One audited event; written by AuditLog, read by the admin audit page. */
@Entity({ name: 'audit_event' })
@Index('audit_event_at_idx', { synchronize: false })
@Index('audit_event_action_idx', { synchronize: false })
@Index('audit_event_actor_idx', { synchronize: false })
@Index('audit_event_target_idx', { synchronize: false })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  /** The actor's e-mail when the event happened (kept after the account is deleted), or the e-mail an anonymous caller gave. */
  @Column({ name: 'actor_label', type: 'text', nullable: true }) actorLabel: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'target_type', type: 'text', nullable: true }) targetType: string | null;
  @Column({ name: 'target_id', type: 'text', nullable: true }) targetId: string | null;
  @Column({ type: 'inet', nullable: true }) ip: string | null;
  @Column({ type: 'jsonb', default: {} }) details: Record<string, unknown>;
}
