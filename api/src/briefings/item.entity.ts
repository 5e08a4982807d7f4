import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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

  /** Every link of the item in order; `url` is the first. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  links: string[];
}
