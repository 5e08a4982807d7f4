import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserEntity } from '../users/user.entity.js';

export interface GroupRow {
  id: string;
  name: string;
  memberCount: number;
  createdAt: Date;
}

@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<GroupRow[]> {
    return this.db.query(
      `SELECT g.id, g.name, g.created_at AS "createdAt", (SELECT count(*)::int FROM user_group_member m WHERE m.group_id = g.id) AS "memberCount"
         FROM user_group g ORDER BY lower(g.name)`,
    );
  }

  async find(id: string): Promise<GroupRow | undefined> {
    const rows: GroupRow[] = await this.db.query(
      `SELECT g.id, g.name, g.created_at AS "createdAt", (SELECT count(*)::int FROM user_group_member m WHERE m.group_id = g.id) AS "memberCount"
         FROM user_group g WHERE g.id = $1`,
      [id],
    );
    return rows[0];
  }

  async create(name: string): Promise<string> {
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO user_group (name) VALUES ($1) RETURNING id`,
      [name],
    );
    return (rows[0] as { id: string }).id;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const [, affected] = await this.db.query(`UPDATE user_group SET name = $2 WHERE id = $1`, [
      id,
      name,
    ]);
    return affected > 0;
  }

  async delete(id: string): Promise<boolean> {
    const [, affected] = await this.db.query(`DELETE FROM user_group WHERE id = $1`, [id]);
    return affected > 0;
  }

  members(groupId: string): Promise<UserEntity[]> {
    return this.db.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", u.role, u.active, u.created_at AS "createdAt"
         FROM user_group_member m JOIN app_user u ON u.id = m.user_id WHERE m.group_id = $1 ORDER BY lower(u.display_name)`,
      [groupId],
    );
  }

  async countUsers(userIds: string[]): Promise<number> {
    const rows: Array<{ count: number }> = await this.db.query(
      `SELECT count(*)::int AS count FROM app_user WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
    return rows[0]?.count ?? 0;
  }

  async replaceMembers(groupId: string, userIds: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM user_group_member WHERE group_id = $1`, [groupId]);
      if (userIds.length)
        await tx.query(
          `INSERT INTO user_group_member (group_id, user_id) SELECT $1, unnest($2::uuid[])`,
          [groupId, userIds],
        );
    });
  }
}
