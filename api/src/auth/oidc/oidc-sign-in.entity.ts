import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A single sign-on on its way through the provider; used once, by the callback. */
@Entity({ name: 'oidc_sign_in' })
@Index('oidc_sign_in_expires_idx', ['expiresAt'])
export class OidcSignInEntity {
  @PrimaryColumn({ name: 'state_hash', type: 'text' })
  stateHash: string;

  @Column({ type: 'text' })
  nonce: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier: string;

  @Column({ name: 'return_to', type: 'text' })
  returnTo: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
