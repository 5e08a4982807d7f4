import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';
import type { EmailChangeTokenEntity } from './profile.entity.js';

export interface LiveSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export type EmailChangeOutcome =
  { userId: string; from: string; to: string } | 'EMAIL_TAKEN' | undefined;

/** The index that keeps e-mail addresses unique. */
const EMAIL_KEY = 'app_user_email_key';

@Injectable()
export class ProfileRepository {
  constructor(private readonly db: Database) {}

  async emailTaken(email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Stores a pending change and ends the user's earlier ones: only the newest link works. */
  issueEmailChange(
    link: Pick<
      EmailChangeTokenEntity,
      'userId' | 'newEmail' | 'tokenHash' | 'passwordFingerprint' | 'expiresAt'
    >,
  ): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('email_change_token')
        .set({ used_at: sql`now()` })
        .where('user_id', '=', link.userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('email_change_token')
        .values({
          user_id: link.userId,
          new_email: link.newEmail,
          token_hash: link.tokenHash,
          password_fingerprint: link.passwordFingerprint,
          expires_at: link.expiresAt,
        })
        .execute();
    });
  }

  /**
   * Uses the link and changes the address in one transaction. Undefined, with nothing changed,
   * when the link is unknown, used, expired, its user deactivated or their password changed since;
   * `EMAIL_TAKEN` when the address got an account meanwhile.
   */
  async confirmEmailChange(
    tokenHash: string,
    fingerprint: (passwordHash: string | null) => string,
  ): Promise<EmailChangeOutcome> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const link = await trx
          .selectFrom('email_change_token as t')
          .innerJoin('app_user as u', 'u.id', 't.user_id')
          .select([
            't.user_id as userId',
            't.new_email as newEmail',
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
          .set({ email: link.newEmail, updated_at: sql`now()` })
          .where('id', '=', link.userId)
          .execute();
        await trx
          .updateTable('email_change_token')
          .set({ used_at: sql`now()` })
          .where('user_id', '=', link.userId)
          .where('used_at', 'is', null)
          .execute();
        return { userId: link.userId, from: link.email, to: link.newEmail };
      });
    } catch (error) {
      // The whole change rolled back: the link stays usable should the address free up.
      if (isUniqueViolation(error, EMAIL_KEY)) return 'EMAIL_TAKEN';
      throw error;
    }
  }

  listLiveSessions(userId: string): Promise<LiveSession[]> {
    return this.db
      .selectFrom('session')
      .select([
        'id',
        'created_at as createdAt',
        'last_seen_at as lastSeenAt',
        'expires_at as expiresAt',
        'user_agent as userAgent',
        sql<string | null>`host(ip)`.as('ip'),
      ])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Ends one live session of the user; false when they have no such session. */
  async endSession(userId: string, sessionId: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('session')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  /** Ends every live session of the user but one (none kept when `keep` is null); their ids. */
  async endOtherSessions(userId: string, keep: string | null): Promise<string[]> {
    const rows = await this.db
      .updateTable('session')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('id', 'is distinct from', keep)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === constraint
  );
}
