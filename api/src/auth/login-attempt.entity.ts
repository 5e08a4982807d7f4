import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins per email, kept in PostgreSQL so lock-out holds across app processes. */
@Entity({ name: 'login_attempt' })
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'text' })
  email: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
