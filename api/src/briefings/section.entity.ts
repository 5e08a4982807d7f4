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
