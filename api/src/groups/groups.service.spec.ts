import { randomUUID } from 'node:crypto';
import { domainError, injected, uniqueViolation } from '../../test/support/unit.js';
import type { AuthService } from '../auth/auth.service.js';
import type { GroupMemberRow, GroupRow, GroupsRepository } from './groups.repository.js';
import { GroupsService } from './groups.service.js';

function aMember(overrides: Partial<GroupMemberRow> = {}): GroupMemberRow {
  const id = randomUUID();
  return {
    id,
    email: `${id.slice(0, 8)}@example.test`,
    displayName: 'Someone',
    handle: id.slice(0, 8),
    role: 'member',
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** Groups in memory, with the unique name the database enforces. */
class FakeGroupsRepository implements Pick<
  GroupsRepository,
  'list' | 'find' | 'create' | 'rename' | 'delete' | 'members' | 'countUsers' | 'replaceMembers'
> {
  readonly groups = new Map<string, GroupRow>();
  readonly membership = new Map<string, string[]>();
  readonly users = new Map<string, GroupMemberRow>();

  list(): Promise<GroupRow[]> {
    return Promise.resolve([...this.groups.values()]);
  }

  find(id: string): Promise<GroupRow | undefined> {
    const group = this.groups.get(id);
    return Promise.resolve(
      group && { ...group, memberCount: this.membership.get(id)?.length ?? 0 },
    );
  }

  create(name: string): Promise<string> {
    if ([...this.groups.values()].some((group) => group.name === name))
      return Promise.reject(uniqueViolation());
    const id = randomUUID();
    this.groups.set(id, { id, name, memberCount: 0, createdAt: new Date() });
    return Promise.resolve(id);
  }

  rename(id: string, name: string): Promise<boolean> {
    if ([...this.groups.values()].some((group) => group.name === name && group.id !== id))
      return Promise.reject(uniqueViolation());
    const group = this.groups.get(id);
    if (group) group.name = name;
    return Promise.resolve(Boolean(group));
  }

  delete(id: string): Promise<boolean> {
    this.membership.delete(id);
    return Promise.resolve(this.groups.delete(id));
  }

  members(groupId: string): Promise<GroupMemberRow[]> {
    return Promise.resolve((this.membership.get(groupId) ?? []).map((id) => this.users.get(id)!));
  }

  countUsers(userIds: string[]): Promise<number> {
    return Promise.resolve(userIds.filter((id) => this.users.has(id)).length);
  }

  replaceMembers(groupId: string, userIds: string[]): Promise<void> {
    this.membership.set(groupId, userIds);
    return Promise.resolve();
  }

  addUser(): GroupMemberRow {
    const user = aMember();
    this.users.set(user.id, user);
    return user;
  }
}

describe(GroupsService.name, () => {
  let sut: GroupsService;
  let groups: FakeGroupsRepository;
  let changed: Array<{ userId: string; revoke: boolean }>;

  beforeEach(() => {
    groups = new FakeGroupsRepository();
    changed = [];
    const auth: Pick<AuthService, 'userChanged'> = {
      userChanged: (userId, options) => {
        changed.push({ userId, revoke: options.revoke });
        return Promise.resolve();
      },
    };
    sut = new GroupsService(injected<GroupsRepository>(groups), injected<AuthService>(auth));
  });

  it('creates a group, and refuses a second one with the same name with 409', async () => {
    const group = await sut.create('Leadership');
    expect(group).toMatchObject({ name: 'Leadership', memberCount: 0 });
    const error = await domainError(sut.create('Leadership'), 'CONFLICT');
    expect(error.message).toBe('A group named "Leadership" exists already.');
  });

  it('renames, with 409 for a taken name and 404 for no such group', async () => {
    const one = await sut.create('One');
    await sut.create('Two');
    await expect(sut.rename(one.id, 'Uno')).resolves.toMatchObject({ name: 'Uno' });
    await domainError(sut.rename(one.id, 'Two'), 'CONFLICT');
    await domainError(sut.rename(randomUUID(), 'Three'), 'NOT_FOUND');
  });

  it('replacing members re-checks the credentials of everyone who joined or left, once each', async () => {
    const group = await sut.create('G');
    const [stays, leaves, joins] = [groups.addUser(), groups.addUser(), groups.addUser()];
    await sut.replaceMembers(group.id, [stays.id, leaves.id]);
    changed.length = 0;
    const members = await sut.replaceMembers(group.id, [stays.id, joins.id, joins.id]);
    expect(members.map((member) => member.id)).toEqual([stays.id, joins.id]);
    expect(changed.map((change) => change.userId).sort()).toEqual(
      [stays.id, leaves.id, joins.id].sort(),
    );
    // membership narrows what they read: cached credentials refresh, nobody is signed out
    expect(changed.every((change) => !change.revoke)).toBe(true);
  });

  it('refuses members who do not exist, changing nothing', async () => {
    const group = await sut.create('G');
    const real = groups.addUser();
    await domainError(sut.replaceMembers(group.id, [real.id, randomUUID()]), 'VALIDATION_FAILED');
    expect(groups.membership.get(group.id)).toBeUndefined();
    expect(changed).toEqual([]);
  });

  it('removing a group re-checks its former members', async () => {
    const group = await sut.create('G');
    const member = groups.addUser();
    await sut.replaceMembers(group.id, [member.id]);
    changed.length = 0;
    await sut.remove(group.id);
    expect(changed).toEqual([{ userId: member.id, revoke: false }]);
    await domainError(sut.remove(group.id), 'NOT_FOUND');
  });

  it('is a 404 for the members of no such group', async () => {
    await domainError(sut.members(randomUUID()), 'NOT_FOUND');
    await domainError(sut.replaceMembers(randomUUID(), []), 'NOT_FOUND');
  });
});
