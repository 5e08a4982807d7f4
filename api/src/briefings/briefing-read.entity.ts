import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'briefing_read' })
export class BriefingReadEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' })
  readAt: Date;
}
