import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An outbound webhook: where events are posted, in which format, signed with its secret. */
@Entity({ name: 'webhook' })
@Index('webhook_group_idx', ['groupId'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text', array: true }) events: string[];
  @Column({ type: 'text' }) format: string;
  /** `whsec_<base64>`: Standard Webhooks signing secret, shown once at creation. */
  @Column({ type: 'text' }) secret: string;
  /** Restricted briefings of this group may leave through the hook; null: team briefings only. */
  @Column({ name: 'group_id', type: 'uuid', nullable: true }) groupId: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
