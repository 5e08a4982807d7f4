import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../../database/database.js';

export interface PendingSignIn {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** The only door to `oidc_sign_in`. */
@Injectable()
export class OidcSignInRepository {
  constructor(private readonly db: Database) {}

  async create(stateHash: string, pending: PendingSignIn, ttlSeconds: number): Promise<void> {
    // Abandoned attempts go here rather than on a schedule: each new one sweeps the expired.
    await this.db
      .deleteFrom('oidc_sign_in')
      .where('expires_at', '<', sql<Date>`now()`)
      .execute();
    await this.db
      .insertInto('oidc_sign_in')
      .values({
        state_hash: stateHash,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        return_to: pending.returnTo,
        expires_at: sql<Date>`now() + make_interval(secs => ${ttlSeconds})`,
      })
      .execute();
  }

  /** Takes the attempt out (it is good for one callback), or undefined when unknown or expired. */
  async take(stateHash: string): Promise<PendingSignIn | undefined> {
    const row = await this.db
      .deleteFrom('oidc_sign_in')
      .where('state_hash', '=', stateHash)
      .returning([
        'nonce',
        'code_verifier as codeVerifier',
        'return_to as returnTo',
        sql<boolean>`expires_at > now()`.as('live'),
      ])
      .executeTakeFirst();
    return row?.live
      ? { nonce: row.nonce, codeVerifier: row.codeVerifier, returnTo: row.returnTo }
      : undefined;
  }
}
