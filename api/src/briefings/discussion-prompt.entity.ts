import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'discussion_prompt' })
@Index('discussion_prompt_section_key', ['sectionId'], { unique: true })
@Index('discussion_prompt_briefing_idx', ['briefingId'])
export class DiscussionPromptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'section_id', type: 'uuid' })
  sectionId: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ type: 'text' })
  prompt: string;
}
