import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) key: string;
  /** Hash of what was asked: the same key with a different request is refused. */
  @Column({ type: 'text' }) fingerprint: string;
  @Column({ type: 'integer' }) status: number;
  @Column({ type: 'jsonb' }) response: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
