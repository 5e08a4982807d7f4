import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'briefing_tag' })
@Index('briefing_tag_tag_idx', ['tagId'])
export class BriefingTagEntity {
  @PrimaryColumn({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @PrimaryColumn({ name: 'tag_id', type: 'uuid' })
  tagId: string;
}
