import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

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

@Entity({ name: 'comment_revision' })
@Index('comment_revision_comment_idx', ['commentId', 'id'])
export class CommentRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'comment_id', type: 'uuid' }) commentId: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'editor_id', type: 'uuid', nullable: true }) editorId: string | null;
  @Column({ name: 'replaced_at', type: 'timestamptz', default: () => 'now()' }) replacedAt: Date;
}

@Entity({ name: 'comment_reaction' })
export class CommentReactionEntity {
  @PrimaryColumn({ name: 'comment_id', type: 'uuid' }) commentId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) emoji: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** The per-thread event log a reconnecting client is replayed from. */
@Entity({ name: 'thread_event' })
export class ThreadEventEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) payload: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'thread_follow' })
@Index('thread_follow_user_idx', ['userId'])
export class ThreadFollowEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'thread_read' })
export class ThreadReadEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' }) threadId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'last_seq', type: 'bigint' }) lastSeq: string;
  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' }) readAt: Date;
}

@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) key: string;
  /** Hash of what was asked: the same key with a different request is refused. */
  @Column({ type: 'text' }) fingerprint: string;
  @Column({ type: 'integer' }) status: number;
  @Column({ type: 'jsonb' }) response: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
