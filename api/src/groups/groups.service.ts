import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import { AuthService } from '../auth/auth.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toUserDto } from '../users/users.dto.js';
import { toGroupDto, type GroupDto } from './groups.dto.js';
import { GroupsRepository } from './groups.repository.js';
import type { UserDto } from '../users/users.dto.js';

@Injectable()
export class GroupsService {
  /** Group changes are audited (audit/), the actor taken from the request; absent in hand-built unit tests. */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;

  constructor(
    private readonly groups: GroupsRepository,
    private readonly auth: AuthService,
  ) {}

  async list(): Promise<GroupDto[]> {
    return (await this.groups.list()).map(toGroupDto);
  }

  async create(name: string): Promise<GroupDto> {
    const id = await this.unique(() => this.groups.create(name), name);
    await this.audit?.record({
      action: 'group.created',
      targetType: 'group',
      targetId: id,
      details: { name },
    });
    return toGroupDto(await this.found(id));
  }

  async rename(id: string, name: string): Promise<GroupDto> {
    if (!(await this.unique(() => this.groups.rename(id, name), name))) throw notFound();
    await this.audit?.record({
      action: 'group.renamed',
      targetType: 'group',
      targetId: id,
      details: { name },
    });
    return toGroupDto(await this.found(id));
  }

  async remove(id: string): Promise<void> {
    const members = await this.groups.members(id);
    if (!(await this.groups.delete(id))) throw notFound();
    await this.audit?.record({
      action: 'group.deleted',
      targetType: 'group',
      targetId: id,
      details: { memberCount: members.length },
    });
    await this.accessChanged(members.map((user) => user.id));
  }

  async members(id: string): Promise<UserDto[]> {
    await this.found(id);
    return (await this.groups.members(id)).map(toUserDto);
  }

  async replaceMembers(id: string, userIds: string[]): Promise<UserDto[]> {
    const before = await this.groups.members(await this.found(id).then((group) => group.id));
    const unique = [...new Set(userIds)];
    if ((await this.groups.countUsers(unique)) !== unique.length)
      throw new DomainError('VALIDATION_FAILED', 'userIds names a user that does not exist.');
    await this.groups.replaceMembers(id, unique);
    await this.audit?.record({
      action: 'group.members_changed',
      targetType: 'group',
      targetId: id,
      details: {
        added: unique.filter((userId) => !before.some((user) => user.id === userId)),
        removed: before.filter((user) => !unique.includes(user.id)).map((user) => user.id),
      },
    });
    await this.accessChanged([...before.map((user) => user.id), ...unique]);
    return this.members(id);
  }

  /** Membership decides what people may read: their cached credentials and open sockets are re-checked. */
  private async accessChanged(userIds: string[]): Promise<void> {
    await Promise.all(
      [...new Set(userIds)].map((userId) => this.auth.userChanged(userId, { revoke: false })),
    );
  }

  private async found(id: string) {
    const group = await this.groups.find(id);
    if (!group) throw notFound();
    return group;
  }

  private async unique<T>(work: () => Promise<T>, name: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new DomainError('CONFLICT', `A group named "${name}" exists already.`);
      throw error;
    }
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such group.');
}
