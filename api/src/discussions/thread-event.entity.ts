import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The per-thread event log a reconnecting client is replayed from. */
@Entity({ name: 'thread_event' })
export class ThreadEventEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
