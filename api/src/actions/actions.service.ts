import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { hashSecret, newSecret } from '../auth/token-hash.js';
import { actionsCalendar, actionsCsv } from './action-exports.js';
import { readerOf } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ThreadNotes } from '../discussions/thread-notes.js';
import { FollowUpAudience } from '../links/follow-up-audience.js';
import type { LinkDto } from '../links/follow-up-links.js';
import { FollowUpLinks } from '../links/follow-up-links.repository.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { roleAtLeast } from '../users/user.entity.js';
import { canMove } from './action-status.js';
import {
  ACTION_STATUSES,
  type ActionDto,
  type ActionListQuery,
  type CreateActionDto,
  type UpdateActionDto,
} from './actions.dto.js';
import {
  ActionsRepository,
  UnreadableAssignees,
  type ActionUpdateResult,
  type Assignee,
} from './actions.repository.js';

/** A briefing page shows at most this many follow-ups from earlier briefings. */
const FOLLOW_UPS_LIMIT = 100;

@Injectable()
export class ActionsService {
  private readonly logger = new Logger(ActionsService.name);

  constructor(
    private readonly actions: ActionsRepository,
    private readonly links: FollowUpLinks,
    private readonly audience: FollowUpAudience,
    private readonly threadNotes: ThreadNotes,
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The same filters as the list, as CSV (up to 10,000 rows). */
  async exportCsv(auth: AuthContext, query: ActionListQuery): Promise<string> {
    await this.list(auth, query);
    return actionsCsv(
      await this.actions.list(readerOf(auth), { ...query, page: 1, limit: 10_000 }),
    );
  }

  /**
   * A new secret calendar URL for the caller's due dates; the previous one stops working. Made
   * through an API token, the feed reads no more than that token may.
   */
  async rotateCalendar(auth: AuthContext): Promise<{ url: string }> {
    const token = newSecret();
    await this.actions.setCalendarToken(
      auth.user.id,
      hashSecret(token),
      auth.tokenId ? auth.role : null,
    );
    return { url: `/api/calendar/${token}.ics` };
  }

  async revokeCalendar(auth: AuthContext): Promise<void> {
    if (!(await this.actions.revokeCalendarToken(auth.user.id)))
      throw new DomainError('NOT_FOUND', 'You have no calendar feed.');
  }

  async calendar(token: string): Promise<string> {
    const owner = await this.actions.calendarOwner(hashSecret(token));
    if (!owner)
      throw new DomainError('NOT_FOUND', 'This calendar feed does not exist or was revoked.');
    const actions = await this.actions.list(owner, {
      ownerId: owner.id,
      status: 'open,in_progress,blocked',
      limit: 10_000,
      page: 1,
    });
    return actionsCalendar(actions, this.config.publicUrl.origin);
  }

  async create(auth: AuthContext, dto: CreateActionDto): Promise<ActionDto> {
    await this.checkOwner(dto.ownerId);
    const watcherIds = [...new Set(dto.watcherIds ?? [])];
    await this.checkWatchers(watcherIds);
    await this.checkLinks(auth, dto.links ?? []);
    const id = await this.refusingUnreadable(() =>
      this.actions.create({
        title: dto.title,
        description: dto.description ?? '',
        ownerId: dto.ownerId ?? null,
        dueOn: dto.dueOn ?? null,
        priority: dto.priority ?? 'medium',
        createdBy: auth.user.id,
        links: dto.links ?? [],
        watcherIds,
        mustRead: [
          ...(dto.ownerId ? [{ userId: dto.ownerId, field: 'ownerId' as const }] : []),
          ...watcherIds.map((userId) => ({ userId, field: 'watcherIds' as const })),
        ],
      }),
    );
    this.announce(id);
    return this.get(auth, id);
  }

  async list(auth: AuthContext, query: ActionListQuery): Promise<{ actions: ActionDto[] }> {
    if (Boolean(query.linkType) !== Boolean(query.linkId))
      throw new DomainError('VALIDATION_FAILED', 'linkType and linkId go together.');
    if (
      query.status &&
      query.status
        .split(',')
        .some((status) => !(ACTION_STATUSES as readonly string[]).includes(status.trim()))
    ) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `status must be among ${ACTION_STATUSES.join(', ')}.`,
      );
    }
    return { actions: await this.actions.list(readerOf(auth), query) };
  }

  /** Open follow-ups from earlier briefings on the same topics (shared tags) as this one. */
  async followUps(auth: AuthContext, briefingId: string): Promise<{ actions: ActionDto[] }> {
    const actions = await this.actions.followUps(readerOf(auth), briefingId, FOLLOW_UPS_LIMIT);
    if (!actions) throw new DomainError('NOT_FOUND', 'No such briefing.');
    return { actions };
  }

  async get(auth: AuthContext, id: string): Promise<ActionDto> {
    const action = await this.actions.find(id, readerOf(auth));
    if (!action) throw new DomainError('NOT_FOUND', 'No such action item.');
    const { ownerId: _owner, ...dto } = action;
    return {
      ...dto,
      links: await this.links.of(readerOf(auth), 'action', id),
      activity: await this.actions.activity(id),
    };
  }

  /** Members edit actions they own or created; editors and admins edit all. */
  async update(auth: AuthContext, id: string, dto: UpdateActionDto): Promise<ActionDto> {
    const action = await this.actions.find(id, readerOf(auth));
    if (!action) throw new DomainError('NOT_FOUND', 'No such action item.');
    if (
      !roleAtLeast(auth.role, 'editor') &&
      action.ownerId !== auth.user.id &&
      action.createdBy !== auth.user.id
    ) {
      throw new DomainError(
        'FORBIDDEN',
        'Only its owner, its creator or an editor can change this action item.',
      );
    }
    if (dto.status && !canMove(action.status, dto.status)) {
      throw new DomainError(
        'CONFLICT',
        `An action item cannot go from ${action.status} to ${dto.status}.`,
      );
    }
    if (dto.ownerId !== undefined) await this.checkOwner(dto.ownerId);
    const { links = [], watcherIds: requested, ...changes } = dto;
    const watcherIds = requested && [...new Set(requested)];
    const watching = new Set(action.watchers.map((watcher) => watcher.id));
    await this.checkWatchers(watcherIds?.filter((userId) => !watching.has(userId)) ?? []);
    await this.checkLinks(auth, links);
    const mustRead = await this.assigneesToCheck(id, action, changes.ownerId, watcherIds, links);
    const result = await this.refusingUnreadable(() =>
      this.actions.update(
        id,
        { id: auth.user.id, displayName: auth.user.displayName },
        action,
        changes,
        links,
        watcherIds,
        mustRead,
      ),
    );
    this.announce(id);
    this.threadNotes.publish(result.notes);
    void this.push(result.notifications);
    return this.get(auth, id);
  }

  /**
   * Who must be able to read the action once this edit is stored: a new owner, new watchers, and,
   * when links are added, the owner and watchers who stay and read it now (a link must not hide it
   * from them). Watchers already there are not re-checked otherwise, so a form may send the set back.
   */
  private async assigneesToCheck(
    id: string,
    action: ActionDto & { ownerId: string | null },
    ownerId: string | null | undefined,
    watcherIds: string[] | undefined,
    links: LinkDto[],
  ): Promise<Assignee[]> {
    const watching = action.watchers.map((watcher) => watcher.id);
    const ownerAfter = ownerId === undefined ? action.ownerId : ownerId;
    const newOwner = ownerAfter && ownerAfter !== action.ownerId ? [ownerAfter] : [];
    const added = watcherIds?.filter((userId) => !watching.includes(userId)) ?? [];
    const staying = [
      ...(ownerAfter && ownerAfter === action.ownerId ? [ownerAfter] : []),
      ...(watcherIds ?? watching).filter((userId) => watching.includes(userId)),
    ];
    // Only those who read it now: someone who lost access earlier is no reason to refuse a link.
    const readers = links.length ? await this.actions.readersAmong(id, staying) : new Set<string>();
    return [
      ...newOwner.map((userId) => ({ userId, field: 'ownerId' as const })),
      ...added.map((userId) => ({ userId, field: 'watcherIds' as const })),
      ...[...readers].map((userId) => ({ userId, field: 'links' as const })),
    ];
  }

  /** Anyone who may read an action may watch it (or stop); the action as `get` shows it. */
  async watch(auth: AuthContext, id: string, watching: boolean): Promise<ActionDto> {
    const action = await this.actions.find(id, readerOf(auth));
    if (!action) throw new DomainError('NOT_FOUND', 'No such action item.');
    if (await this.actions.setWatching(id, auth.user.id, watching)) this.announce(id);
    return this.get(auth, id);
  }

  /** After a commit: each new notification to its recipient's sockets, with their unread count. */
  private async push(created: ActionUpdateResult['notifications']): Promise<void> {
    if (!created.length) return;
    try {
      const counts = await this.notifications.unreadCounts([
        ...new Set(created.map((row) => row.userId)),
      ]);
      for (const { userId, notification } of created)
        this.realtime.toUser(userId, 'notification.created', {
          notification,
          unreadCount: counts.get(userId) ?? 0,
        });
    } catch (error) {
      this.logger.warn({ err: error }, 'action.changed notifications were not pushed');
    }
  }

  /** Runs a write that refuses assignees who could not read the action, as a 400 naming the fields. */
  private async refusingUnreadable<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof UnreadableAssignees)) throw error;
      const fields = [...new Set(error.assignees.map((assignee) => assignee.field))];
      throw new DomainError(
        'VALIDATION_FAILED',
        `The owner and every watcher must be able to read this action item (see ${fields.join(', ')}).`,
        fields.map((field) => ({
          field,
          problems: [
            field === 'links'
              ? 'a new link would hide the action item from its owner or a watcher'
              : 'names a user who may not read this action item',
          ],
          userIds: [
            ...new Set(error.assignees.filter((a) => a.field === field).map((a) => a.userId)),
          ].sort(),
        })),
      );
    }
  }

  /** After a commit: `action.changed` with the list row to every subscriber who may read it. */
  private announce(id: string): void {
    this.audience.announce('action', id, async () => {
      const action = await this.actions.find(id);
      if (!action) return undefined;
      const { ownerId: _owner, ...dto } = action;
      return { type: 'action.changed', payload: { action: dto } };
    });
  }

  private async checkOwner(ownerId: string | null | undefined): Promise<void> {
    if (ownerId && !(await this.actions.activeUserExists(ownerId))) {
      throw new DomainError('VALIDATION_FAILED', 'ownerId is not an active user.', [
        { field: 'ownerId', problems: ['not an active user'], userIds: [ownerId] },
      ]);
    }
  }

  private async checkWatchers(userIds: string[]): Promise<void> {
    const active = await this.actions.activeUsers(userIds);
    const unknown = userIds.filter((userId) => !active.has(userId));
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'watcherIds names someone who is not an active user.',
        [{ field: 'watcherIds', problems: ['not an active user'], userIds: unknown }],
      );
  }

  private async checkLinks(auth: AuthContext, links: LinkDto[]): Promise<void> {
    const missing = await this.links.unresolvable(readerOf(auth), links);
    if (missing.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'A link points at something that does not exist.',
        { missing },
      );
  }
}
