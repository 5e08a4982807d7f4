import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'thread_read' })
export class ThreadReadEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'last_seq', type: 'bigint' }) lastSeq: string;
  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' }) readAt: Date;
}
