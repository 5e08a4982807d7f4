import { Injectable } from '@nestjs/common';
import { sql, type ExpressionBuilder } from 'kysely';
import { Database, type DB } from '../database/database.js';
import type { Role, UserEntity } from '../users/user.entity.js';

export interface GroupRow {
  id: string;
  name: string;
  memberCount: number;
  createdAt: Date;
}

export type GroupMemberRow = Pick<
  UserEntity,
  'id' | 'email' | 'displayName' | 'handle' | 'role' | 'active' | 'createdAt'
>;

/** A group's member count, as a column of the group row `g`. */
const memberCount = (eb: ExpressionBuilder<DB & { g: DB['user_group'] }, 'g'>) =>
  eb
    .selectFrom('user_group_member as m')
    .select(sql<number>`count(*)::int`.as('count'))
    .whereRef('m.group_id', '=', 'g.id')
    .$asScalar()
    .$notNull()
    .as('memberCount');

@Injectable()
export class GroupsRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<GroupRow[]> {
    return this.db
      .selectFrom('user_group as g')
      .select((eb) => ['g.id', 'g.name', 'g.created_at as createdAt', memberCount(eb)])
      .orderBy(sql`lower(g.name)`)
      .execute();
  }

  find(id: string): Promise<GroupRow | undefined> {
    return this.db
      .selectFrom('user_group as g')
      .select((eb) => ['g.id', 'g.name', 'g.created_at as createdAt', memberCount(eb)])
      .where('g.id', '=', id)
      .executeTakeFirst();
  }

  async create(name: string): Promise<string> {
    const { id } = await this.db
      .insertInto('user_group')
      .values({ name })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('user_group')
      .set({ name })
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  async delete(id: string): Promise<boolean> {
    const { numDeletedRows } = await this.db
      .deleteFrom('user_group')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return numDeletedRows > 0n;
  }

  members(groupId: string): Promise<GroupMemberRow[]> {
    return this.db
      .selectFrom('user_group_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.email',
        'u.display_name as displayName',
        'u.handle',
        'u.role',
        'u.active',
        'u.created_at as createdAt',
      ])
      .where('m.group_id', '=', groupId)
      .orderBy(sql`lower(u.display_name)`)
      .$narrowType<{ role: Role }>()
      .execute();
  }

  async countUsers(userIds: string[]): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('id', '=', sql<string>`ANY(${userIds}::uuid[])`)
      .executeTakeFirst();
    return row?.count ?? 0;
  }

  async replaceMembers(groupId: string, userIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_group_member').where('group_id', '=', groupId).execute();
      if (userIds.length)
        await sql`
          INSERT INTO user_group_member (group_id, user_id) SELECT ${groupId}::uuid, unnest(${userIds}::uuid[])`.execute(
          trx,
        );
    });
  }
}
