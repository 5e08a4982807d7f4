import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A server-side key made on first use (reply-by-mail and unsubscribe tokens are signed with it). */
@Entity({ name: 'app_secret' })
export class AppSecretEntity {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ type: 'text' }) value: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
