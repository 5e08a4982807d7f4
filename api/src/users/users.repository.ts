import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { Database, type DB } from '../database/database.js';
import { handleBase, MAX_PARSED_HANDLE, RESERVED_HANDLES } from './handle.js';
import type { InviteEntity } from './invite.entity.js';
import type { Role, UserEntity } from './user.entity.js';

/** A user as the app reads it (the entity's shape, camel-cased). */
export type User = Pick<
  UserEntity,
  | 'id'
  | 'email'
  | 'displayName'
  | 'handle'
  | 'role'
  | 'active'
  | 'passwordHash'
  | 'createdAt'
  | 'updatedAt'
>;
export type Invite = Pick<
  InviteEntity,
  | 'id'
  | 'email'
  | 'role'
  | 'tokenHash'
  | 'invitedBy'
  | 'createdAt'
  | 'expiresAt'
  | 'acceptedAt'
  | 'revokedAt'
>;

type NewUser = Pick<User, 'email' | 'displayName' | 'role' | 'passwordHash'>;
export type ProfileChanges = Partial<Pick<User, 'handle' | 'displayName'>>;

const USER_COLUMNS = [
  'id',
  'email',
  'display_name as displayName',
  'handle',
  'role',
  'active',
  'password_hash as passwordHash',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

const INVITE_COLUMNS = [
  'id',
  'email',
  'role',
  'token_hash as tokenHash',
  'invited_by as invitedBy',
  'created_at as createdAt',
  'expires_at as expiresAt',
  'accepted_at as acceptedAt',
  'revoked_at as revokedAt',
] as const;

/** The unique index that makes handles case-insensitively unique. */
const HANDLE_KEY = 'app_user_handle_key';
/** Concurrent sign-ups racing for the same free handle: each loser picks again, this often. */
const HANDLE_ATTEMPTS = 5;
/** Candidates probed per query while looking for a free handle (one query in nearly every case). */
const HANDLE_PROBES = 50;

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  findByEmail(email: string): Promise<User | undefined> {
    return this.users().where('email', '=', email).executeTakeFirst();
  }

  findById(id: string): Promise<User | undefined> {
    return this.users().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<User[]> {
    return this.users().orderBy('created_at').execute();
  }

  async hasAnyUser(): Promise<boolean> {
    return (
      (await this.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) !== undefined
    );
  }

  create(user: NewUser): Promise<User> {
    return insertUser(this.db, user);
  }

  /**
   * Creates the first user as admin only if no user exists yet; the table lock makes two
   * concurrent first sign-ups (or two starting replicas) produce exactly one admin.
   */
  createFirstAdmin(user: Omit<NewUser, 'role'>): Promise<User | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE app_user IN EXCLUSIVE MODE`.execute(trx);
      if (await trx.selectFrom('app_user').select('id').limit(1).executeTakeFirst())
        return undefined;
      return insertUser(trx, { ...user, role: 'admin' });
    });
  }

  async update(
    id: string,
    changes: Partial<Pick<User, 'role' | 'active' | 'passwordHash' | 'displayName'>>,
  ): Promise<User | undefined> {
    await this.db
      .updateTable('app_user')
      .set({
        role: changes.role,
        active: changes.active,
        password_hash: changes.passwordHash,
        display_name: changes.displayName,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    return this.findById(id);
  }

  /** A person's own name and handle; `HANDLE_TAKEN` when someone has that handle in any case. */
  async updateProfile(
    id: string,
    changes: ProfileChanges,
  ): Promise<User | 'HANDLE_TAKEN' | undefined> {
    try {
      return await this.db
        .updateTable('app_user')
        .set({ handle: changes.handle, display_name: changes.displayName, updated_at: sql`now()` })
        .where('id', '=', id)
        .returning(USER_COLUMNS)
        .$narrowType<{ role: Role }>()
        .executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error, HANDLE_KEY)) return 'HANDLE_TAKEN';
      throw error;
    }
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  listInvites(): Promise<Invite[]> {
    return this.invites().where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  createInvite(
    invite: Pick<Invite, 'email' | 'role' | 'tokenHash' | 'invitedBy' | 'expiresAt'>,
  ): Promise<Invite> {
    return this.db
      .insertInto('invite')
      .values({
        email: invite.email,
        role: invite.role,
        token_hash: invite.tokenHash,
        invited_by: invite.invitedBy,
        expires_at: invite.expiresAt,
      })
      .returning(INVITE_COLUMNS)
      .$narrowType<{ role: Role }>()
      .executeTakeFirstOrThrow();
  }

  findOpenInvite(tokenHash: string): Promise<Invite | undefined> {
    return this.invites()
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
  }

  async revokeInvite(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invite')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Marks the invite used and creates its user in one transaction; undefined when the invite was
   * used, revoked or expired in the meantime (the row lock makes a double accept create one user).
   */
  acceptInvite(
    tokenHash: string,
    user: Pick<User, 'displayName' | 'passwordHash'>,
  ): Promise<{ user: User } | { conflict: 'EMAIL_TAKEN' } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const invite = await trx
        .selectFrom('invite')
        .select(['id', 'email', 'role'])
        .$narrowType<{ role: Role }>()
        .where('token_hash', '=', tokenHash)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .forUpdate()
        .executeTakeFirst();
      if (!invite) return undefined;
      const taken = await trx
        .selectFrom('app_user')
        .select(['id', 'active'])
        .where('email', '=', invite.email)
        .forUpdate()
        .executeTakeFirst();
      if (taken?.active) return { conflict: 'EMAIL_TAKEN' as const };
      await trx
        .updateTable('invite')
        .set({ accepted_at: sql`now()` })
        .where('id', '=', invite.id)
        .execute();
      // Someone deactivated is invited back: the same account (handle, history) comes back with the invite's role.
      if (taken) {
        const back = await trx
          .updateTable('app_user')
          .set({
            active: true,
            role: invite.role,
            display_name: user.displayName,
            password_hash: user.passwordHash,
            updated_at: sql`now()`,
          })
          .where('id', '=', taken.id)
          .returning(USER_COLUMNS)
          .$narrowType<{ role: Role }>()
          .executeTakeFirstOrThrow();
        return { user: back };
      }
      return { user: await insertUser(trx, { ...user, email: invite.email, role: invite.role }) };
    });
  }

  private users() {
    return this.db.selectFrom('app_user').select(USER_COLUMNS).$narrowType<{ role: Role }>();
  }

  private invites() {
    return this.db.selectFrom('invite').select(INVITE_COLUMNS).$narrowType<{ role: Role }>();
  }
}

/**
 * Inserts a user with the first free handle from their e-mail (`ann`, `ann2`, …, never a reserved
 * word). The pick and the insert are two statements, so a concurrent sign-up may take the handle
 * in between: the insert then skips on the handle's unique index and the next free one is tried.
 */
async function insertUser(db: Kysely<DB>, user: NewUser): Promise<User> {
  const base = handleBase(user.email);
  for (let attempt = 0; attempt < HANDLE_ATTEMPTS; attempt++) {
    const created = await db
      .insertInto('app_user')
      .values({
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash,
        active: true,
        handle: await freeHandle(db, base),
      })
      .onConflict((conflict) => conflict.expression(sql`lower(handle)`).doNothing())
      .returning(USER_COLUMNS)
      .$narrowType<{ role: Role }>()
      .executeTakeFirst();
    if (created) return created;
  }
  throw new Error(`No free handle for ${base} after ${HANDLE_ATTEMPTS} attempts.`);
}

/** The first of `base`, `base2`, `base3` … (kept within what the parser reads) that nobody has. */
async function freeHandle(db: Kysely<DB>, base: string): Promise<string> {
  for (let from = 1; ; from += HANDLE_PROBES) {
    const { rows } = await sql<{ handle: string }>`
      SELECT c.handle
        FROM generate_series(${from}::int, ${from + HANDLE_PROBES - 1}::int) AS n
       CROSS JOIN LATERAL (SELECT CASE WHEN n = 1 THEN ${base}::text
                                       ELSE left(${base}::text, ${MAX_PARSED_HANDLE} - length(n::text)) || n END AS handle) c
       WHERE c.handle <> ALL(${RESERVED_HANDLES}::text[])
         AND NOT EXISTS (SELECT 1 FROM app_user u WHERE lower(u.handle) = c.handle)
       ORDER BY n LIMIT 1`.execute(db);
    if (rows[0]) return rows[0].handle;
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
