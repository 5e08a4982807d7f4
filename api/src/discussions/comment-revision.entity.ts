import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'comment_revision' })
@Index('comment_revision_comment_idx', ['commentId', 'id'])
export class CommentRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'comment_id', type: 'uuid' }) commentId: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'editor_id', type: 'uuid', nullable: true }) editorId: string | null;
  @Column({ name: 'replaced_at', type: 'timestamptz', default: () => 'now()' }) replacedAt: Date;
}
