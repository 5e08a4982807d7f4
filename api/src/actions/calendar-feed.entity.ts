import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's secret calendar URL for their due dates; rotating it revokes the old one. */
@Entity({ name: 'calendar_feed' })
export class CalendarFeedEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'token_hash', type: 'text', unique: true }) tokenHash: string;
  /** The role the feed's creating credential carried: the feed never shows more than it could. */
  @Column({ name: 'role_ceiling', type: 'text', nullable: true }) roleCeiling: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
