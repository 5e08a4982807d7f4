import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';
import type { Role } from '../users/user.entity.js';
import type { ApiTokenEntity } from './api-token.entity.js';
import type { SessionEntity } from './session.entity.js';

/** The user behind a live session or token, read in one query on the authentication path. */
export interface PrincipalRow {
  credentialId: string;
  userId: string;
  email: string;
  displayName: string;
  handle: string;
  userRole: Role;
  userCreatedAt: Date;
  /** The token's role ceiling; null for sessions. */
  ceiling: Role | null;
  expiresAt: Date | null;
  lastSeenAt: Date | null;
}

export const AUTH_CHANNEL = 'briefroom_auth';

/** The columns of an ApiTokenEntity, for SELECT and RETURNING. */
const TOKEN_COLUMNS = [
  'id',
  'user_id as userId',
  'name',
  'role',
  'token_hash as tokenHash',
  'created_at as createdAt',
  'last_used_at as lastUsedAt',
  'expires_at as expiresAt',
  'revoked_at as revokedAt',
] as const;

@Injectable()
export class AuthRepository {
  constructor(private readonly db: Database) {}

  async findSessionPrincipal(sessionId: string): Promise<PrincipalRow | undefined> {
    const { rows } = await sql<PrincipalRow>`
      SELECT s.id AS "credentialId", u.id AS "userId", u.email, u.display_name AS "displayName", u.handle,
             u.role AS "userRole", u.created_at AS "userCreatedAt", NULL AS ceiling, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt"
        FROM session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`.execute(
      this.db,
    );
    return rows[0];
  }

  async findTokenPrincipal(tokenHash: string): Promise<PrincipalRow | undefined> {
    const { rows } = await sql<PrincipalRow>`
      SELECT t.id AS "credentialId", u.id AS "userId", u.email, u.display_name AS "displayName", u.handle,
             u.role AS "userRole", u.created_at AS "userCreatedAt", t.role AS ceiling, t.expires_at AS "expiresAt", t.last_used_at AS "lastSeenAt"
        FROM api_token t JOIN app_user u ON u.id = t.user_id
       WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.active`.execute(
      this.db,
    );
    return rows[0];
  }

  async createSession(
    session: Pick<SessionEntity, 'id' | 'userId' | 'expiresAt' | 'userAgent' | 'ip'>,
  ): Promise<void> {
    await this.db
      .insertInto('session')
      .values({
        id: session.id,
        user_id: session.userId,
        expires_at: session.expiresAt,
        user_agent: session.userAgent,
        ip: session.ip,
        last_seen_at: new Date(),
      })
      .execute();
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.db
      .updateTable('session')
      .set({ revoked_at: new Date() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ends every session of a user (optionally keeping one) and, when asked, every API token too. */
  async revokeUserCredentials(
    userId: string,
    options: { exceptSessionId?: string; tokens: boolean },
  ): Promise<void> {
    await this.db
      .updateTable('session')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('id', 'is distinct from', options.exceptSessionId ?? null)
      .execute();
    if (options.tokens) {
      await this.db
        .updateTable('api_token')
        .set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    }
  }

  async touchSession(sessionId: string): Promise<void> {
    await this.db
      .updateTable('session')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute();
  }

  async touchToken(tokenId: string): Promise<void> {
    await this.db
      .updateTable('api_token')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', tokenId)
      .execute();
  }

  listTokens(userId: string): Promise<ApiTokenEntity[]> {
    return this.db
      .selectFrom('api_token')
      .select(TOKEN_COLUMNS)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .$narrowType<{ role: Role }>()
      .execute();
  }

  createToken(
    token: Pick<ApiTokenEntity, 'userId' | 'name' | 'role' | 'tokenHash' | 'expiresAt'>,
  ): Promise<ApiTokenEntity> {
    return this.db
      .insertInto('api_token')
      .values({
        user_id: token.userId,
        name: token.name,
        role: token.role,
        token_hash: token.tokenHash,
        expires_at: token.expiresAt,
      })
      .returning(TOKEN_COLUMNS)
      .$narrowType<{ role: Role }>()
      .executeTakeFirstOrThrow();
  }

  /** Revokes a user's own live token; false when there is no such token. */
  async revokeToken(userId: string, tokenId: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('api_token')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  /** The end of the current lock-out for an email, if one is in force. */
  async lockedUntil(email: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('login_attempt')
      .select('locked_until')
      .where('email', '=', email)
      .where('locked_until', '>', sql<Date>`now()`)
      .$narrowType<{ locked_until: Date }>()
      .executeTakeFirst();
    return row?.locked_until;
  }

  /** Counts a failed sign-in inside a sliding window and locks the email once `maxFailures` is reached. */
  async recordFailure(
    email: string,
    windowSeconds: number,
    maxFailures: number,
  ): Promise<Date | undefined> {
    const span = sql`make_interval(secs => ${windowSeconds})`;
    const expired = sql`a.window_started_at < now() - ${span}`;
    const { rows } = await sql<{ locked_until: Date | null }>`
      INSERT INTO login_attempt AS a (email, failures, window_started_at, locked_until)
      VALUES (${email}, 1, now(), CASE WHEN 1 >= ${maxFailures} THEN now() + ${span} END)
      ON CONFLICT (email) DO UPDATE SET
        failures = CASE WHEN ${expired} THEN 1 ELSE a.failures + 1 END,
        window_started_at = CASE WHEN ${expired} THEN now() ELSE a.window_started_at END,
        locked_until = CASE
          WHEN (CASE WHEN ${expired} THEN 1 ELSE a.failures + 1 END) >= ${maxFailures}
          THEN now() + ${span} ELSE NULL END
      RETURNING locked_until`.execute(this.db);
    return rows[0]?.locked_until ?? undefined;
  }

  async clearFailures(email: string): Promise<void> {
    await this.db.deleteFrom('login_attempt').where('email', '=', email).execute();
  }

  /** Tells every app process to drop cached credentials (`user:<id>` or `credential:<id>`). */
  async notifyRevoked(key: string): Promise<void> {
    await sql`SELECT pg_notify(${AUTH_CHANNEL}, ${key})`.execute(this.db);
  }
}
