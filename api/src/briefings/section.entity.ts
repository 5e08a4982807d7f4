import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SECTION_KINDS = ['items', 'takeaway', 'related'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

@Entity({ name: 'section' })
@Index('section_briefing_idx', ['briefingId', 'position'])
export class SectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  heading: string;

  @Column({ type: 'text' })
  kind: SectionKind;

  @Column({ type: 'text', nullable: true })
  body: string | null;
}

@Entity({ name: 'item' })
@Index('item_section_idx', ['sectionId', 'position'])
@Index('item_briefing_idx', ['briefingId'])
export class ItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'section_id', type: 'uuid' })
  sectionId: string;

  @Column({ name: 'briefing_id', type: 'uuid' })
  briefingId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;
}

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
