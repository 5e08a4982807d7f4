import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user who hears about an action item (status, owner, due date, reminders) without owning it. */
@Entity({ name: 'action_watcher' })
@Index('action_watcher_user_idx', ['userId'])
export class ActionWatcherEntity {
  @PrimaryColumn({ name: 'action_id', type: 'uuid' }) actionId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
