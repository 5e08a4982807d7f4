import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const VISIBILITIES = ['team', 'restricted'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const SOURCE_FORMATS = ['text', 'markdown', 'html', 'json', 'feed'] as const;
export type SourceFormatColumn = (typeof SOURCE_FORMATS)[number];

@Entity({ name: 'briefing' })
@Index('briefing_slug_key', ['slug'], { unique: true })
// Not unique: "the same document" is the same title and date among what the importer may read.
@Index('briefing_identity_idx', ['titleKey', 'publishedOn'])
@Index('briefing_feed_idx', { synchronize: false })
@Index('briefing_series_idx', { synchronize: false })
export class BriefingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  title: string;

  /** Case- and space-folded title: with the date, what makes two imports "the same document". */
  @Column({ name: 'title_key', type: 'text' })
  titleKey: string;

  @Column({ type: 'text', nullable: true })
  series: string | null;

  /** A calendar date, kept as 'YYYY-MM-DD' text on the way in and out. */
  @Column({ name: 'published_on', type: 'date' })
  publishedOn: string;

  @Column({ type: 'text', nullable: true })
  author: string | null;

  @Column({ name: 'reading_minutes', type: 'integer', nullable: true })
  readingMinutes: number | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'source_format', type: 'text' })
  sourceFormat: SourceFormatColumn;

  @Column({ name: 'source_text', type: 'text' })
  sourceText: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ type: 'text', default: 'team' })
  visibility: Visibility;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
