import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'comment' })
@Index('comment_thread_seq_key', ['threadId', 'seq'], { unique: true })
@Index('comment_parent_idx', ['parentId'])
@Index('comment_author_idx', ['authorId'])
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  /** The thread event that created it. */
  @Column({ type: 'bigint' }) seq: string;
  @Column({ name: 'author_id', type: 'uuid', nullable: true }) authorId: string | null;
  /** Markdown as written. */
  @Column({ type: 'text' }) body: string;
  /** Rendered and sanitised once, at write time. */
  @Column({ name: 'body_html', type: 'text' }) bodyHtml: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true }) editedAt: Date | null;
  /** A tombstone: the row stays so replies keep their place in the tree. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
