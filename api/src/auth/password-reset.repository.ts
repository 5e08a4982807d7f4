import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';
import type { PasswordResetTokenEntity } from './password-reset.entity.js';

export type NewResetLink = Pick<
  PasswordResetTokenEntity,
  'userId' | 'tokenHash' | 'passwordFingerprint' | 'issuedBy' | 'expiresAt'
>;

@Injectable()
export class PasswordResetRepository {
  constructor(private readonly db: Database) {}

  /** Stores a new link and ends the user's earlier unused ones: only the newest link works. */
  issue(link: NewResetLink): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('password_reset_token')
        .set({ used_at: sql`now()` })
        .where('user_id', '=', link.userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('password_reset_token')
        .values({
          user_id: link.userId,
          token_hash: link.tokenHash,
          password_fingerprint: link.passwordFingerprint,
          issued_by: link.issuedBy,
          expires_at: link.expiresAt,
        })
        .execute();
    });
  }

  /** Whether a link is unused and unexpired (a cheap check before hashing the new password). */
  async isOpen(tokenHash: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('password_reset_token')
      .select('id')
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Uses the link and sets the password in one transaction: every link of the user ends and the
   * sign-in lock-out of their address is cleared. Undefined, with nothing changed, when the link
   * is unknown, used, expired, its user deactivated, or the password changed since it was issued.
   */
  redeem(
    tokenHash: string,
    passwordHash: string,
    fingerprint: (passwordHash: string | null) => string,
  ): Promise<{ userId: string; email: string } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const link = await trx
        .selectFrom('password_reset_token as t')
        .innerJoin('app_user as u', 'u.id', 't.user_id')
        .select([
          't.id',
          't.user_id as userId',
          't.password_fingerprint as passwordFingerprint',
          'u.email',
          'u.active',
          'u.password_hash as passwordHash',
        ])
        .where('t.token_hash', '=', tokenHash)
        .where('t.used_at', 'is', null)
        .where('t.expires_at', '>', sql<Date>`now()`)
        .forUpdate()
        .executeTakeFirst();
      if (!link || !link.active || fingerprint(link.passwordHash) !== link.passwordFingerprint)
        return undefined;
      await trx
        .updateTable('app_user')
        .set({ password_hash: passwordHash, updated_at: sql`now()` })
        .where('id', '=', link.userId)
        .execute();
      await trx
        .updateTable('password_reset_token')
        .set({ used_at: sql`now()` })
        .where('user_id', '=', link.userId)
        .where('used_at', 'is', null)
        .execute();
      await trx.deleteFrom('login_attempt').where('email', '=', link.email).execute();
      return { userId: link.userId, email: link.email };
    });
  }
}
