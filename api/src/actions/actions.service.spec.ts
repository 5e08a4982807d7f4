import { randomUUID } from 'node:crypto';
import { anAuth, domainError, FakeRealtime, injected } from '../../test/support/unit.js';
import type { Reader } from '../access/visibility.js';
import type { AppConfig } from '../config/app-config.js';
import type { ThreadNotes } from '../discussions/thread-notes.js';
import type { FollowUpAudience } from '../links/follow-up-audience.js';
import type { LinkDto } from '../links/follow-up-links.js';
import type { FollowUpLinks } from '../links/follow-up-links.repository.js';
import type { NotificationsRepository } from '../notifications/notifications.repository.js';
import type { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { ACTION_STATUSES, type ActionDto, type ActionStatus } from './actions.dto.js';
import {
  UnreadableAssignees,
  type ActionsRepository,
  type ActionUpdateResult,
  type Assignee,
} from './actions.repository.js';
import { ActionsService } from './actions.service.js';

type StoredAction = ActionDto & { ownerId: string | null };

function anAction(overrides: Partial<StoredAction> = {}): StoredAction {
  return {
    id: randomUUID(),
    title: 'Ship the thing',
    description: '',
    owner: null,
    ownerId: null,
    watchers: [],
    status: 'open',
    priority: 'medium',
    dueOn: null,
    overdue: false,
    createdBy: null,
    createdAt: '2026-05-01T00:00:00.000Z',
    updatedAt: '2026-05-01T00:00:00.000Z',
    completedAt: null,
    ...overrides,
  };
}

/** Actions in memory; `hiddenFrom` stands in for the SQL visibility rule (tested on PostgreSQL). */
class FakeActionsRepository implements Pick<
  ActionsRepository,
  | 'find'
  | 'activity'
  | 'list'
  | 'create'
  | 'update'
  | 'readersAmong'
  | 'activeUsers'
  | 'activeUserExists'
  | 'setWatching'
  | 'followUps'
  | 'setCalendarToken'
  | 'revokeCalendarToken'
  | 'calendarOwner'
> {
  readonly rows = new Map<string, StoredAction>();
  readonly hiddenFrom = new Map<string, Set<string>>();
  readonly activeUserIds = new Set<string>();
  /** Users who could not read an action once written (the repository refuses them in its transaction). */
  readonly cannotRead = new Set<string>();
  readonly updates: Array<{ id: string; changes: object; mustRead: Assignee[] }> = [];
  readonly calendarTokens = new Map<string, { hash: string; ceiling: string | null }>();

  add(action: StoredAction): StoredAction {
    this.rows.set(action.id, action);
    return action;
  }

  hide(id: string, userId: string): void {
    this.hiddenFrom.set(id, new Set([...(this.hiddenFrom.get(id) ?? []), userId]));
  }

  find(id: string, reader?: Reader): Promise<StoredAction | undefined> {
    const row = this.rows.get(id);
    const hidden = reader && !reader.admin && this.hiddenFrom.get(id)?.has(reader.id);
    return Promise.resolve(hidden ? undefined : row && { ...row });
  }

  activity(): ReturnType<ActionsRepository['activity']> {
    return Promise.resolve([]);
  }

  list(reader: Reader): Promise<ActionDto[]> {
    return Promise.resolve(
      [...this.rows.values()].filter(
        (row) => reader.admin || !this.hiddenFrom.get(row.id)?.has(reader.id),
      ),
    );
  }

  create(input: Parameters<ActionsRepository['create']>[0]): Promise<string> {
    this.refuse(input.mustRead);
    const action = this.add(
      anAction({ title: input.title, ownerId: input.ownerId, createdBy: input.createdBy }),
    );
    return Promise.resolve(action.id);
  }

  update(
    id: string,
    _actor: { id: string; displayName: string },
    before: StoredAction,
    changes: Parameters<ActionsRepository['update']>[3],
    _links: LinkDto[],
    _watcherIds: string[] | undefined,
    mustRead: Assignee[],
  ): Promise<ActionUpdateResult> {
    this.refuse(mustRead);
    this.updates.push({ id, changes, mustRead });
    this.rows.set(id, { ...before, ...changes });
    return Promise.resolve({ notes: [], notifications: [] });
  }

  readersAmong(id: string, userIds: string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(userIds.filter((u) => !this.hiddenFrom.get(id)?.has(u))));
  }

  activeUsers(userIds: string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(userIds.filter((u) => this.activeUserIds.has(u))));
  }

  activeUserExists(userId: string): Promise<boolean> {
    return Promise.resolve(this.activeUserIds.has(userId));
  }

  setWatching(): Promise<boolean> {
    return Promise.resolve(true);
  }

  followUps(): ReturnType<ActionsRepository['followUps']> {
    return Promise.resolve(undefined);
  }

  setCalendarToken(userId: string, hash: string, ceiling: string | null): Promise<void> {
    this.calendarTokens.set(userId, { hash, ceiling });
    return Promise.resolve();
  }

  revokeCalendarToken(userId: string): Promise<boolean> {
    return Promise.resolve(this.calendarTokens.delete(userId));
  }

  calendarOwner(): Promise<Reader | undefined> {
    return Promise.resolve(undefined);
  }

  private refuse(mustRead: Assignee[]): void {
    const refused = mustRead.filter((assignee) => this.cannotRead.has(assignee.userId));
    if (refused.length) throw new UnreadableAssignees(refused);
  }
}

class FakeLinks implements Pick<FollowUpLinks, 'of' | 'unresolvable'> {
  readonly missing = new Set<string>();

  of(): ReturnType<FollowUpLinks['of']> {
    return Promise.resolve([]);
  }

  unresolvable(_reader: Reader, links: LinkDto[]): Promise<LinkDto[]> {
    return Promise.resolve(links.filter((link) => this.missing.has(link.id)));
  }
}

describe(ActionsService.name, () => {
  let sut: ActionsService;
  let actions: FakeActionsRepository;
  let links: FakeLinks;
  let announced: string[];

  beforeEach(() => {
    actions = new FakeActionsRepository();
    links = new FakeLinks();
    announced = [];
    const audience: Pick<FollowUpAudience, 'announce'> = {
      announce: (_kind, id) => void announced.push(id),
    };
    const threadNotes: Pick<ThreadNotes, 'publish'> = { publish: () => undefined };
    const notifications: Pick<NotificationsRepository, 'unreadCounts'> = {
      unreadCounts: () => Promise.resolve(new Map()),
    };
    sut = new ActionsService(
      injected<ActionsRepository>(actions),
      injected<FollowUpLinks>(links),
      injected<FollowUpAudience>(audience),
      injected<ThreadNotes>(threadNotes),
      injected<NotificationsRepository>(notifications),
      injected<RealtimeGateway>(new FakeRealtime()),
      injected<AppConfig>({ publicUrl: new URL('http://localhost:3000') }),
    );
  });

  describe('create', () => {
    it('stores the action with the caller as creator and announces it', async () => {
      const auth = anAuth('member');
      const owner = randomUUID();
      actions.activeUserIds.add(owner);
      const created = await sut.create(auth, { title: 'Call the vendor', ownerId: owner });
      expect(created).toMatchObject({ title: 'Call the vendor', createdBy: auth.user.id });
      expect(created).not.toHaveProperty('ownerId');
      expect(announced).toEqual([created.id]);
    });

    it('refuses an owner who is not an active user', async () => {
      const ghost = randomUUID();
      const error = await domainError(
        sut.create(anAuth(), { title: 'x', ownerId: ghost }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual([
        { field: 'ownerId', problems: ['not an active user'], userIds: [ghost] },
      ]);
      expect(actions.rows.size).toBe(0);
    });

    it('refuses watchers who are not active users, naming only those', async () => {
      const active = randomUUID();
      const ghost = randomUUID();
      actions.activeUserIds.add(active);
      const error = await domainError(
        sut.create(anAuth(), { title: 'x', watcherIds: [active, ghost, ghost] }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual([
        { field: 'watcherIds', problems: ['not an active user'], userIds: [ghost] },
      ]);
    });

    it('refuses a link to something the caller cannot resolve', async () => {
      const link: LinkDto = { type: 'briefing', id: randomUUID() };
      links.missing.add(link.id);
      const error = await domainError(
        sut.create(anAuth(), { title: 'x', links: [link] }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual({ missing: [link] });
    });

    it('turns assignees who could not read the action into a 400 naming the fields', async () => {
      const owner = randomUUID();
      const watcher = randomUUID();
      actions.activeUserIds.add(owner).add(watcher);
      actions.cannotRead.add(owner).add(watcher);
      const error = await domainError(
        sut.create(anAuth(), { title: 'x', ownerId: owner, watcherIds: [watcher] }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual([
        {
          field: 'ownerId',
          problems: ['names a user who may not read this action item'],
          userIds: [owner],
        },
        {
          field: 'watcherIds',
          problems: ['names a user who may not read this action item'],
          userIds: [watcher],
        },
      ]);
    });
  });

  describe('get', () => {
    it('is a 404 for an action the caller may not read, even by id', async () => {
      const action = actions.add(anAction());
      const auth = anAuth('editor');
      actions.hide(action.id, auth.user.id);
      await domainError(sut.get(auth, action.id), 'NOT_FOUND');
    });

    it('shows it to an admin, who reads everything', async () => {
      const action = actions.add(anAction());
      const admin = anAuth('admin');
      actions.hide(action.id, admin.user.id);
      await expect(sut.get(admin, action.id)).resolves.toMatchObject({ id: action.id });
    });

    it('reads as a non-admin through an API token whose ceiling is lower', async () => {
      const action = actions.add(anAction());
      const admin = anAuth('admin', { tokenCeiling: 'editor' });
      actions.hide(action.id, admin.user.id);
      await domainError(sut.get(admin, action.id), 'NOT_FOUND');
    });
  });

  describe('update', () => {
    it('lets a member change an action they own', async () => {
      const member = anAuth('member');
      const action = actions.add(anAction({ ownerId: member.user.id }));
      await expect(sut.update(member, action.id, { status: 'in_progress' })).resolves.toMatchObject(
        { status: 'in_progress' },
      );
    });

    it('lets a member change an action they created', async () => {
      const member = anAuth('member');
      const action = actions.add(anAction({ createdBy: member.user.id }));
      await expect(sut.update(member, action.id, { title: 'Renamed' })).resolves.toMatchObject({
        title: 'Renamed',
      });
    });

    it('refuses a member who neither owns nor created it, and changes nothing', async () => {
      const action = actions.add(anAction({ ownerId: randomUUID(), createdBy: randomUUID() }));
      await domainError(
        sut.update(anAuth('member'), action.id, { title: 'Mine now' }),
        'FORBIDDEN',
      );
      expect(actions.updates).toEqual([]);
    });

    it("lets an editor change anyone's action", async () => {
      const action = actions.add(anAction({ ownerId: randomUUID() }));
      await expect(
        sut.update(anAuth('editor'), action.id, { status: 'done' }),
      ).resolves.toMatchObject({ status: 'done' });
    });

    it('acts as the token ceiling: an editor through a member token is refused', async () => {
      const action = actions.add(anAction({ ownerId: randomUUID() }));
      await domainError(
        sut.update(anAuth('editor', { tokenCeiling: 'member' }), action.id, { title: 'x' }),
        'FORBIDDEN',
      );
    });

    it('is a 404 (not 403) for an action the caller may not read', async () => {
      const member = anAuth('member');
      const action = actions.add(anAction({ ownerId: member.user.id }));
      actions.hide(action.id, member.user.id);
      await domainError(sut.update(member, action.id, { title: 'x' }), 'NOT_FOUND');
    });

    it.each<[ActionStatus, ActionStatus]>([
      ['done', 'blocked'],
      ['done', 'in_progress'],
      ['cancelled', 'done'],
    ])('refuses the status move %s → %s with a 409', async (from, to) => {
      const action = actions.add(anAction({ status: from }));
      const error = await domainError(
        sut.update(anAuth('editor'), action.id, { status: to }),
        'CONFLICT',
      );
      expect(error.message).toBe(`An action item cannot go from ${from} to ${to}.`);
      expect(actions.updates).toEqual([]);
    });

    it.each<[ActionStatus, ActionStatus]>([
      ['done', 'open'],
      ['cancelled', 'open'],
      ['blocked', 'done'],
      ['done', 'done'],
    ])('allows the status move %s → %s', async (from, to) => {
      const action = actions.add(anAction({ status: from }));
      await expect(sut.update(anAuth('editor'), action.id, { status: to })).resolves.toMatchObject({
        status: to,
      });
    });

    it('checks only the new watchers, so a form may send the current set back', async () => {
      const watcher = { id: randomUUID(), displayName: 'W', handle: 'w' };
      const action = actions.add(anAction({ watchers: [watcher] }));
      // the current watcher is no longer an active user; sending them back is not a change
      await expect(
        sut.update(anAuth('editor'), action.id, { watcherIds: [watcher.id] }),
      ).resolves.toBeDefined();
    });

    it('asks that a new owner can read it, and, when links are added, those staying too', async () => {
      const owner = randomUUID();
      const newOwner = randomUUID();
      actions.activeUserIds.add(newOwner);
      const action = actions.add(anAction({ ownerId: owner }));
      await sut.update(anAuth('editor'), action.id, { ownerId: newOwner });
      expect(actions.updates[0].mustRead).toEqual([{ userId: newOwner, field: 'ownerId' }]);

      const link: LinkDto = { type: 'briefing', id: randomUUID() };
      await sut.update(anAuth('editor'), action.id, { links: [link] });
      expect(actions.updates[1].mustRead).toEqual([{ userId: newOwner, field: 'links' }]);
    });

    it('refuses a link that would hide the action from its owner', async () => {
      const owner = randomUUID();
      const action = actions.add(anAction({ ownerId: owner }));
      actions.cannotRead.add(owner);
      const error = await domainError(
        sut.update(anAuth('editor'), action.id, {
          links: [{ type: 'briefing', id: randomUUID() }],
        }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual([
        {
          field: 'links',
          problems: ['a new link would hide the action item from its owner or a watcher'],
          userIds: [owner],
        },
      ]);
    });
  });

  describe('list', () => {
    it('refuses an unknown status', async () => {
      const error = await domainError(
        sut.list(anAuth(), { status: 'open,finished' }),
        'VALIDATION_FAILED',
      );
      expect(error.message).toBe(`status must be among ${ACTION_STATUSES.join(', ')}.`);
    });

    it('refuses linkType without linkId', async () => {
      await domainError(sut.list(anAuth(), { linkType: 'briefing' }), 'VALIDATION_FAILED');
    });

    it('lists only what the caller may read', async () => {
      const auth = anAuth('viewer');
      const seen = actions.add(anAction());
      const hidden = actions.add(anAction());
      actions.hide(hidden.id, auth.user.id);
      const { actions: listed } = await sut.list(auth, { status: 'open, done' });
      expect(listed.map((action) => action.id)).toEqual([seen.id]);
    });
  });

  describe('watch', () => {
    it('is a 404 for an action the caller may not read', async () => {
      const auth = anAuth('viewer');
      const action = actions.add(anAction());
      actions.hide(action.id, auth.user.id);
      await domainError(sut.watch(auth, action.id, true), 'NOT_FOUND');
      expect(announced).toEqual([]);
    });
  });

  describe('calendar feed', () => {
    it('remembers the ceiling of the API token that made it, and none from a session', async () => {
      const viaToken = anAuth('admin', { tokenCeiling: 'viewer' });
      const viaSession = anAuth('admin');
      const { url } = await sut.rotateCalendar(viaToken);
      await sut.rotateCalendar(viaSession);
      expect(url).toMatch(/^\/api\/calendar\/[^/]+\.ics$/);
      expect(actions.calendarTokens.get(viaToken.user.id)?.ceiling).toBe('viewer');
      expect(actions.calendarTokens.get(viaSession.user.id)?.ceiling).toBeNull();
      // only the token's hash is stored
      expect(url).not.toContain(actions.calendarTokens.get(viaToken.user.id)!.hash);
    });

    it('is a 404 for an unknown token and for revoking a feed one does not have', async () => {
      await domainError(sut.calendar('nope'), 'NOT_FOUND');
      await domainError(sut.revokeCalendar(anAuth()), 'NOT_FOUND');
    });
  });

  it('is a 404 for follow-ups of a briefing the caller may not read', async () => {
    await domainError(sut.followUps(anAuth(), randomUUID()), 'NOT_FOUND');
  });
});
