import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-time setup code's SHA-256; every row dies once the first admin exists. */
@Entity({ name: 'setup_code' })
export class SetupCodeEntity {
  @PrimaryColumn({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
