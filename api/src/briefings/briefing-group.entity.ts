import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'briefing_group' })
export class BriefingGroupEntity {
  @PrimaryColumn({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;
}
