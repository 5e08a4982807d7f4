import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import type { Role } from '../users/user.entity.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { SessionEntity } from './session.entity.js';

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

@Injectable()
export class AuthRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
  ) {}

  async findSessionPrincipal(sessionId: string): Promise<PrincipalRow | undefined> {
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT s.id AS "credentialId", u.id AS "userId", u.email, u.display_name AS "displayName", u.handle,
              u.role AS "userRole", u.created_at AS "userCreatedAt", NULL AS ceiling, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt"
         FROM session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionId],
    );
    return rows[0];
  }

  async findTokenPrincipal(tokenHash: string): Promise<PrincipalRow | undefined> {
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT t.id AS "credentialId", u.id AS "userId", u.email, u.display_name AS "displayName", u.handle,
              u.role AS "userRole", u.created_at AS "userCreatedAt", t.role AS ceiling, t.expires_at AS "expiresAt", t.last_used_at AS "lastSeenAt"
         FROM api_token t JOIN app_user u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.active`,
      [tokenHash],
    );
    return rows[0];
  }

  async createSession(
    session: Pick<SessionEntity, 'id' | 'userId' | 'expiresAt' | 'userAgent' | 'ip'>,
  ): Promise<void> {
    await this.sessions.insert({ ...session, lastSeenAt: new Date() });
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Ends every session of a user (optionally keeping one) and, when asked, every API token too. */
  async revokeUserCredentials(
    userId: string,
    options: { exceptSessionId?: string; tokens: boolean },
  ): Promise<void> {
    await this.db.query(
      `UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2`,
      [userId, options.exceptSessionId ?? null],
    );
    if (options.tokens) {
      await this.db.query(
        `UPDATE api_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );
    }
  }

  async touchSession(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE session SET last_seen_at = now() WHERE id = $1`, [sessionId]);
  }

  async touchToken(tokenId: string): Promise<void> {
    await this.db.query(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [tokenId]);
  }

  listTokens(userId: string): Promise<ApiTokenEntity[]> {
    return this.tokens.find({
      where: { userId, revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
  }

  createToken(
    token: Pick<ApiTokenEntity, 'userId' | 'name' | 'role' | 'tokenHash' | 'expiresAt'>,
  ): Promise<ApiTokenEntity> {
    return this.tokens.save(this.tokens.create(token));
  }

  /** Revokes a user's own live token; false when there is no such token. */
  async revokeToken(userId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens.update(
      { id: tokenId, userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The end of the current lock-out for an email, if one is in force. */
  async lockedUntil(email: string): Promise<Date | undefined> {
    const rows: Array<{ locked_until: Date }> = await this.db.query(
      `SELECT locked_until FROM login_attempt WHERE email = $1 AND locked_until > now()`,
      [email],
    );
    return rows[0]?.locked_until;
  }

  /** Counts a failed sign-in inside a sliding window and locks the email once `maxFailures` is reached. */
  async recordFailure(
    email: string,
    windowSeconds: number,
    maxFailures: number,
  ): Promise<Date | undefined> {
    const rows: Array<{ locked_until: Date | null }> = await this.db.query(
      `INSERT INTO login_attempt AS a (email, failures, window_started_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(secs => $2) END)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN a.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         window_started_at = CASE WHEN a.window_started_at < now() - make_interval(secs => $2) THEN now() ELSE a.window_started_at END,
         locked_until = CASE
           WHEN (CASE WHEN a.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END) >= $3
           THEN now() + make_interval(secs => $2) ELSE NULL END
       RETURNING locked_until`,
      [email, windowSeconds, maxFailures],
    );
    return rows[0]?.locked_until ?? undefined;
  }

  async clearFailures(email: string): Promise<void> {
    await this.db.query(`DELETE FROM login_attempt WHERE email = $1`, [email]);
  }

  /** Tells every app process to drop cached credentials (`user:<id>` or `credential:<id>`). */
  async notifyRevoked(key: string): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [AUTH_CHANNEL, key]);
  }
}
