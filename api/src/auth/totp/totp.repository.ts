import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../../database/database.js';
import type { Role } from '../../users/user.entity.js';

export interface TotpRow {
  userId: string;
  secret: string;
  enabledAt: Date | null;
  lastUsedStep: number | null;
}

export interface ChallengeRow {
  userId: string;
  purpose: 'verify' | 'enrol';
  failures: number;
}

/** The second factor's tables: secrets, recovery codes, sign-in challenges and the security policy. */
@Injectable()
export class TotpRepository {
  constructor(private readonly db: Database) {}

  async find(userId: string): Promise<TotpRow | undefined> {
    const row = await this.db
      .selectFrom('user_totp')
      .select(['user_id', 'secret', 'enabled_at', 'last_used_step'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      userId: row.user_id,
      secret: row.secret,
      enabledAt: row.enabled_at,
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    };
  }

  /** A new pending secret; false when the second factor is already on (it is never replaced silently). */
  async savePending(userId: string, sealedSecret: string): Promise<boolean> {
    const { rows } = await sql<{ user_id: string }>`
      INSERT INTO user_totp (user_id, secret) VALUES (${userId}, ${sealedSecret})
      ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, last_used_step = NULL, created_at = now()
        WHERE user_totp.enabled_at IS NULL
      RETURNING user_id`.execute(this.db);
    return rows.length === 1;
  }

  /**
   * Accepts the code of `step` once: succeeds only when no code of this or a later step was used
   * (two requests racing with the same code cannot both win).
   */
  async useStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('user_totp')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Turns a pending secret on and stores its recovery codes, in one transaction. */
  async enable(userId: string, step: number, codeHashes: string[]): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('user_totp')
        .set({ enabled_at: sql`now()`, last_used_step: step })
        .where('user_id', '=', userId)
        .where('enabled_at', 'is', null)
        .where((eb) =>
          eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) return false;
      await tx.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
      await tx
        .insertInto('totp_recovery_code')
        .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
        .execute();
      return true;
    });
  }

  async replaceRecoveryCodes(userId: string, codeHashes: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
      await tx
        .insertInto('totp_recovery_code')
        .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
        .execute();
    });
  }

  /** Spends a recovery code; false when it is unknown or was used already. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('totp_recovery_code')
      .set({ used_at: sql`now()` })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('totp_recovery_code')
      .select((eb) => eb.fn.countAll<string>().as('left'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.left);
  }

  /** Removes the secret, its recovery codes and any open challenge. */
  async remove(userId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
      await tx.deleteFrom('totp_challenge').where('user_id', '=', userId).execute();
      await tx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    });
  }

  async createChallenge(
    id: string,
    userId: string,
    purpose: 'verify' | 'enrol',
    ttlSeconds: number,
  ): Promise<void> {
    // Expired challenges of anyone are swept here: the table stays small without a job.
    await this.db
      .deleteFrom('totp_challenge')
      .where('expires_at', '<', sql<Date>`now()`)
      .execute();
    await this.db
      .insertInto('totp_challenge')
      .values({
        id,
        user_id: userId,
        purpose,
        expires_at: sql`now() + make_interval(secs => ${ttlSeconds})`,
      })
      .execute();
  }

  async findChallenge(id: string): Promise<ChallengeRow | undefined> {
    const row = await this.db
      .selectFrom('totp_challenge')
      .select(['user_id', 'purpose', 'failures'])
      .where('id', '=', id)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row
      ? {
          userId: row.user_id,
          purpose: row.purpose as ChallengeRow['purpose'],
          failures: row.failures,
        }
      : undefined;
  }

  /** Counts a wrong code on a challenge; the challenge is dropped once `max` is reached. */
  async challengeFailed(id: string, max: number): Promise<void> {
    await this.db
      .updateTable('totp_challenge')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await this.db
      .deleteFrom('totp_challenge')
      .where('id', '=', id)
      .where('failures', '>=', max)
      .execute();
  }

  /** Spends a challenge; false when another request spent it first. */
  async consumeChallenge(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('totp_challenge')
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  async requiredRoles(): Promise<Role[]> {
    const row = await this.db
      .selectFrom('security_setting')
      .select('require_totp_for')
      .where('id', '=', 1)
      .executeTakeFirst();
    return (row?.require_totp_for ?? []) as Role[];
  }

  async setRequiredRoles(roles: Role[], updatedBy: string): Promise<void> {
    await sql`
      INSERT INTO security_setting (id, require_totp_for, updated_at, updated_by)
      VALUES (1, ${roles}::text[], now(), ${updatedBy})
      ON CONFLICT (id) DO UPDATE SET require_totp_for = EXCLUDED.require_totp_for,
        updated_at = now(), updated_by = EXCLUDED.updated_by`.execute(this.db);
  }

  /** Active password accounts of these roles without a second factor turned on (their sessions end). */
  async unenrolledUserIds(roles: Role[], exceptUserId: string): Promise<string[]> {
    if (roles.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_user as u')
      .leftJoin('user_totp as t', 't.user_id', 'u.id')
      .select('u.id')
      .where('u.role', 'in', roles)
      .where('u.active', '=', true)
      .where('u.password_hash', 'is not', null)
      .where('t.enabled_at', 'is', null)
      .where('u.id', '!=', exceptUserId)
      .execute();
    return rows.map((row) => row.id);
  }
}
