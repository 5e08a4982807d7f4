import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One typed link table for actions and decisions. */
@Entity({ name: 'follow_up_link' })
@Index('follow_up_link_target_idx', ['targetType', 'targetId'])
@Index('follow_up_link_briefing_idx', ['briefingId', 'ownerType'])
export class FollowUpLinkEntity {
  @PrimaryColumn({ name: 'owner_type', type: 'text' }) ownerType: string;
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @PrimaryColumn({ name: 'target_type', type: 'text' }) targetType: string;
  @PrimaryColumn({ name: 'target_id', type: 'uuid' }) targetId: string;
  /** The briefing the target belongs to (none for decisions and actions): what decides visibility. */
  @Column({ name: 'briefing_id', type: 'uuid', nullable: true }) briefingId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
