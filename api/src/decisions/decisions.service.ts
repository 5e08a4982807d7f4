import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import { readerOf } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ThreadNotes } from '../discussions/thread-notes.js';
import { FollowUpAudience } from '../links/follow-up-audience.js';
import { FollowUpLinks } from '../links/follow-up-links.repository.js';
import { roleAtLeast } from '../users/user.entity.js';
import {
  DECISION_STATUSES,
  type CreateDecisionDto,
  type DecisionDto,
  type DecisionListQuery,
  type DecisionStatus,
  type SetStanceDto,
  type UpdateDecisionDto,
} from './decisions.dto.js';
import { DecisionsRepository } from './decisions.repository.js';

/** Status moves a PATCH may make; `superseded` only comes from superseding, and is final. */
const MOVES: Record<DecisionStatus, DecisionStatus[]> = {
  proposed: ['accepted', 'rejected'],
  rejected: ['proposed'],
  accepted: [],
  superseded: [],
};

@Injectable()
export class DecisionsService {
  /** Status changes are audited (audit/); absent in hand-built unit tests. */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;

  constructor(
    private readonly decisions: DecisionsRepository,
    private readonly links: FollowUpLinks,
    private readonly audience: FollowUpAudience,
    private readonly threadNotes: ThreadNotes,
  ) {}

  async propose(auth: AuthContext, dto: CreateDecisionDto): Promise<DecisionDto> {
    checkClosesAt(dto.closesAt);
    await this.checkSources(auth, dto);
    const { id, notes } = await this.decisions.create(
      { ...dto, createdBy: auth.user.id },
      actorOf(auth),
    );
    this.announce(id);
    this.threadNotes.publish(notes);
    return this.get(auth, id);
  }

  /** An editor replaces an accepted decision: the new one is accepted, the old one superseded, both linked. */
  async supersede(auth: AuthContext, oldId: string, dto: CreateDecisionDto): Promise<DecisionDto> {
    const old = await this.decisions.find(oldId, readerOf(auth));
    if (!old) throw notFound();
    if (old.status !== 'accepted')
      throw new DomainError(
        'CONFLICT',
        `Only an accepted decision can be superseded; this one is ${old.status}.`,
      );
    await this.checkSources(auth, dto);
    try {
      const { id, notes } = await this.decisions.create(
        { ...dto, createdBy: auth.user.id },
        actorOf(auth),
        { oldId, oldTitle: old.title, decidedBy: auth.user.id },
      );
      this.announce(id);
      this.announce(oldId);
      await this.audit?.record({
        actorId: auth.user.id,
        action: 'decision.status_changed',
        targetType: 'decision',
        targetId: oldId,
        details: { title: old.title, from: old.status, to: 'superseded', supersededBy: id },
      });
      this.threadNotes.publish(notes);
      return this.get(auth, id);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new DomainError('CONFLICT', 'This decision was superseded already.');
      throw error;
    }
  }

  async list(auth: AuthContext, query: DecisionListQuery): Promise<{ decisions: DecisionDto[] }> {
    if (Boolean(query.linkType) !== Boolean(query.linkId))
      throw new DomainError('VALIDATION_FAILED', 'linkType and linkId go together.');
    const statuses = query.status?.split(',').map((status) => status.trim());
    if (statuses?.some((status) => !(DECISION_STATUSES as readonly string[]).includes(status))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `status must be among ${DECISION_STATUSES.join(', ')}.`,
      );
    }
    return { decisions: await this.decisions.list(readerOf(auth), query, statuses) };
  }

  async get(auth: AuthContext, id: string): Promise<DecisionDto> {
    const decision = await this.decisions.find(id, readerOf(auth));
    if (!decision) throw notFound();
    return {
      ...decision,
      stances: await this.decisions.stances(id),
      links: await this.links.of(readerOf(auth), 'decision', id),
      activity: await this.decisions.activity(id),
    };
  }

  /**
   * Takes or changes the caller's stance (one per person) while the decision is proposed and
   * open; `null` withdraws it. Everyone who may read the decision hears the new tally live.
   */
  async setStance(auth: AuthContext, id: string, dto: SetStanceDto | null): Promise<DecisionDto> {
    const decision = await this.decisions.find(id, readerOf(auth));
    if (!decision) throw notFound();
    const stance = dto && { stance: dto.stance, reason: dto.reason ?? '' };
    if (!decision.votingOpen || !(await this.decisions.setStance(id, auth.user.id, stance)))
      throw new DomainError(
        'CONFLICT',
        decision.status === 'proposed'
          ? 'Stances on this proposal closed at its closing time.'
          : `Stances are taken only while a decision is proposed; this one is ${decision.status}.`,
      );
    this.announce(id);
    this.announceStances(id);
    return this.get(auth, id);
  }

  async update(auth: AuthContext, id: string, dto: UpdateDecisionDto): Promise<DecisionDto> {
    const decision = await this.decisions.find(id, readerOf(auth));
    if (!decision) throw notFound();
    const isEditor = roleAtLeast(auth.role, 'editor');
    if (!isEditor && (dto.status || decision.createdBy !== auth.user.id)) {
      throw new DomainError(
        'FORBIDDEN',
        'Editors accept or reject decisions; members edit only their own proposals.',
      );
    }
    if (dto.closesAt !== undefined) {
      checkClosesAt(dto.closesAt);
      if ((dto.status ?? decision.status) !== 'proposed')
        throw new DomainError('CONFLICT', 'Only a proposed decision has a closing time.');
    }
    if (
      dto.status &&
      dto.status !== decision.status &&
      !MOVES[decision.status].includes(dto.status)
    ) {
      throw new DomainError(
        'CONFLICT',
        `A decision cannot go from ${decision.status} to ${dto.status}.`,
      );
    }
    const notes = await this.decisions.update(id, actorOf(auth), decision, dto);
    if (dto.status && dto.status !== decision.status)
      await this.audit?.record({
        actorId: auth.user.id,
        action: 'decision.status_changed',
        targetType: 'decision',
        targetId: id,
        details: { title: decision.title, from: decision.status, to: dto.status },
      });
    this.announce(id);
    this.threadNotes.publish(notes);
    return this.get(auth, id);
  }

  /** After a commit: `decision.changed` with the list row to every subscriber who may read it. */
  private announce(id: string): void {
    this.audience.announce('decision', id, async () => {
      const decision = await this.decisions.find(id);
      return decision && { type: 'decision.changed', payload: { decision } };
    });
  }

  /** After a commit: `decision.stances` (tally and who stood where) to the same audience. */
  private announceStances(id: string): void {
    this.audience.announce('decision', id, async () => {
      const decision = await this.decisions.find(id);
      if (!decision) return undefined;
      return {
        type: 'decision.stances',
        payload: {
          decisionId: id,
          votingOpen: decision.votingOpen,
          tally: decision.tally,
          stances: await this.decisions.stances(id),
        },
      };
    });
  }

  private async checkSources(auth: AuthContext, dto: CreateDecisionDto): Promise<void> {
    if (
      (dto.threadId || dto.commentId) &&
      !(await this.decisions.sourceVisible(
        readerOf(auth),
        dto.threadId ?? null,
        dto.commentId ?? null,
      ))
    ) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'threadId / commentId do not name a discussion you can see (or the comment is not in that thread).',
      );
    }
    const missing = await this.links.unresolvable(readerOf(auth), dto.links ?? []);
    if (missing.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        'A link points at something that does not exist.',
        { missing },
      );
  }
}

function actorOf(auth: AuthContext): { id: string; displayName: string } {
  return { id: auth.user.id, displayName: auth.user.displayName };
}

/** A closing time is in the future (null: none). */
function checkClosesAt(closesAt: string | null | undefined): void {
  if (closesAt && !(Date.parse(closesAt) > Date.now()))
    throw new DomainError('VALIDATION_FAILED', 'closesAt must be in the future.');
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such decision.');
}
