import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An entry of a feed already handled, by its stable GUID: a later poll never imports it again. */
@Entity({ name: 'feed_entry_seen' })
@Index('feed_entry_seen_briefing_idx', { synchronize: false })
export class FeedEntrySeenEntity {
  @PrimaryColumn({ name: 'feed_id', type: 'uuid' })
  feedId: string;

  /** The entry's guid, Atom id, RDF about or link (a long one as `sha256:<hex>`); else a hash of the entry. */
  @PrimaryColumn({ type: 'text' })
  guid: string;

  /** The briefing it became; null when it could not be imported, or the briefing was deleted since. */
  @Column({ name: 'briefing_id', type: 'uuid', nullable: true })
  briefingId: string | null;

  /** Why it was skipped, when it was. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;
}
