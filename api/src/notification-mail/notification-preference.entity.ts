import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a user wants e-mail for one kind of notification; no row means the kind's default. */
@Entity({ name: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) mode: string;
}
