import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { InviteEntity } from './invite.entity.js';
import { UserEntity, type Role } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(InviteEntity) private readonly invites: Repository<InviteEntity>,
  ) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC' } });
  }

  async hasAnyUser(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM app_user LIMIT 1`);
    return rows.length > 0;
  }

  create(
    user: Pick<UserEntity, 'email' | 'displayName' | 'role' | 'passwordHash'>,
  ): Promise<UserEntity> {
    return this.users.save(this.users.create({ ...user, active: true }));
  }

  /**
   * Creates the first user as admin only if no user exists yet; the table lock makes two
   * concurrent first sign-ups (or two starting replicas) produce exactly one admin.
   */
  createFirstAdmin(
    user: Pick<UserEntity, 'email' | 'displayName' | 'passwordHash'>,
  ): Promise<UserEntity | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`LOCK TABLE app_user IN EXCLUSIVE MODE`);
      const existing: unknown[] = await tx.query(`SELECT 1 FROM app_user LIMIT 1`);
      if (existing.length > 0) return undefined;
      const repository = tx.getRepository(UserEntity);
      return repository.save(repository.create({ ...user, role: 'admin', active: true }));
    });
  }

  async update(
    id: string,
    changes: Partial<Pick<UserEntity, 'role' | 'active' | 'passwordHash' | 'displayName'>>,
  ): Promise<UserEntity | null> {
    await this.users.update({ id }, changes);
    return this.findById(id);
  }

  async countActiveAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin', active: true });
  }

  listInvites(): Promise<InviteEntity[]> {
    return this.invites.find({ where: { revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  createInvite(
    invite: Pick<InviteEntity, 'email' | 'role' | 'tokenHash' | 'invitedBy' | 'expiresAt'>,
  ): Promise<InviteEntity> {
    return this.invites.save(this.invites.create(invite));
  }

  findOpenInvite(tokenHash: string): Promise<InviteEntity | null> {
    return this.invites
      .createQueryBuilder('invite')
      .where('invite.token_hash = :tokenHash', { tokenHash })
      .andWhere(
        'invite.accepted_at IS NULL AND invite.revoked_at IS NULL AND invite.expires_at > now()',
      )
      .getOne();
  }

  async revokeInvite(id: string): Promise<boolean> {
    const result = await this.invites.update(
      { id, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Marks the invite used and creates its user in one transaction; undefined when the invite was
   * used, revoked or expired in the meantime (the row lock makes a double accept create one user).
   */
  acceptInvite(
    tokenHash: string,
    user: Pick<UserEntity, 'displayName' | 'passwordHash'>,
  ): Promise<{ user: UserEntity } | { conflict: 'EMAIL_TAKEN' } | undefined> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{ id: string; email: string; role: Role }> = await tx.query(
        `SELECT id, email, role FROM invite
          WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          FOR UPDATE`,
        [tokenHash],
      );
      const invite = rows[0];
      if (!invite) return undefined;
      const users = tx.getRepository(UserEntity);
      if (await users.existsBy({ email: invite.email }))
        return { conflict: 'EMAIL_TAKEN' as const };
      await tx.query(`UPDATE invite SET accepted_at = now() WHERE id = $1`, [invite.id]);
      const created = await users.save(
        users.create({ ...user, email: invite.email, role: invite.role, active: true }),
      );
      return { user: created };
    });
  }
}
