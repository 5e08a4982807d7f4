import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const STANCES = ['agree', 'abstain', 'disagree', 'block'] as const;
export type Stance = (typeof STANCES)[number];

/** Where one person stands on a proposed decision: one row per person, changed in place. */
@Entity({ name: 'decision_stance' })
@Index('decision_stance_user_idx', ['userId'])
export class DecisionStanceEntity {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid' }) decisionId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) stance: Stance;
  @Column({ type: 'text', default: '' }) reason: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
