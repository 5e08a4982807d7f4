import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'comment_reaction' })
export class CommentReactionEntity {
  @PrimaryColumn({ name: 'comment_id', type: 'uuid' }) commentId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) emoji: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
