import { randomUUID } from 'node:crypto';
import { anAuth, domainError, injected, uniqueViolation } from '../../test/support/unit.js';
import type { Reader } from '../access/visibility.js';
import type { ThreadNotes } from '../discussions/thread-notes.js';
import type { FollowUpAudience } from '../links/follow-up-audience.js';
import type { LinkDto } from '../links/follow-up-links.js';
import type { FollowUpLinks } from '../links/follow-up-links.repository.js';
import {
  DECISION_STATUSES,
  type DecisionDto,
  type DecisionStatus,
  type Stance,
  type StanceDto,
} from './decisions.dto.js';
import type { DecisionsRepository } from './decisions.repository.js';
import { DecisionsService } from './decisions.service.js';

function aDecision(overrides: Partial<DecisionDto> = {}): DecisionDto {
  return {
    id: randomUUID(),
    title: 'Adopt Postgres 17',
    statement: 'We move to Postgres 17 this quarter.',
    rationale: '',
    alternatives: '',
    status: 'proposed',
    decidedBy: null,
    decidedOn: null,
    reviewBy: null,
    supersedesId: null,
    supersededById: null,
    threadId: null,
    commentId: null,
    createdBy: null,
    createdAt: '2026-05-01T00:00:00.000Z',
    updatedAt: '2026-05-01T00:00:00.000Z',
    closesAt: null,
    votingOpen: (overrides.status ?? 'proposed') === 'proposed',
    tally: { agree: 0, abstain: 0, disagree: 0, block: 0 },
    decidedTally: null,
    ...overrides,
  };
}

/** Decisions in memory; `hiddenFrom` stands in for the SQL visibility rule (tested on PostgreSQL). */
class FakeDecisionsRepository implements Pick<
  DecisionsRepository,
  'find' | 'list' | 'activity' | 'sourceVisible' | 'create' | 'update' | 'stances' | 'setStance'
> {
  /** decision id → user id → stance; a closed decision (votingOpen false) refuses like the SQL does. */
  readonly stancesOf = new Map<string, Map<string, { stance: Stance; reason: string }>>();
  readonly rows = new Map<string, DecisionDto>();
  readonly hiddenFrom = new Map<string, Set<string>>();
  readonly visibleSources = new Set<string>();
  readonly writes: string[] = [];
  /** Set to make the next create fail as a concurrent supersede would (unique index). */
  failNextCreate: Error | undefined;

  add(decision: DecisionDto): DecisionDto {
    this.rows.set(decision.id, decision);
    return decision;
  }

  hide(id: string, userId: string): void {
    this.hiddenFrom.set(id, new Set([...(this.hiddenFrom.get(id) ?? []), userId]));
  }

  find(id: string, reader?: Reader): Promise<DecisionDto | undefined> {
    const hidden = reader && !reader.admin && this.hiddenFrom.get(id)?.has(reader.id);
    const row = this.rows.get(id);
    return Promise.resolve(hidden || !row ? undefined : { ...row });
  }

  list(): Promise<DecisionDto[]> {
    return Promise.resolve([...this.rows.values()]);
  }

  stances(id: string): Promise<StanceDto[]> {
    return Promise.resolve(
      [...(this.stancesOf.get(id) ?? new Map<string, { stance: Stance; reason: string }>())].map(
        ([userId, stance]) => ({
          user: { id: userId, displayName: userId },
          ...stance,
          updatedAt: '2026-05-01T00:00:00.000Z',
        }),
      ),
    );
  }

  setStance(
    id: string,
    userId: string,
    stance: { stance: Stance; reason: string } | null,
  ): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row?.votingOpen) return Promise.resolve(false);
    const stances = this.stancesOf.get(id) ?? new Map<string, { stance: Stance; reason: string }>();
    if (stance) stances.set(userId, stance);
    else stances.delete(userId);
    this.stancesOf.set(id, stances);
    this.writes.push(id);
    return Promise.resolve(true);
  }

  activity(): ReturnType<DecisionsRepository['activity']> {
    return Promise.resolve([]);
  }

  sourceVisible(_reader: Reader, threadId: string | null, commentId: string | null) {
    return Promise.resolve(
      (!threadId || this.visibleSources.has(threadId)) &&
        (!commentId || this.visibleSources.has(commentId)),
    );
  }

  create(
    input: Parameters<DecisionsRepository['create']>[0],
    _by: { id: string; displayName: string },
    supersede?: { oldId: string },
  ): ReturnType<DecisionsRepository['create']> {
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      return Promise.reject(error);
    }
    const decision = this.add(
      aDecision({
        title: input.title,
        createdBy: input.createdBy,
        status: supersede ? 'accepted' : 'proposed',
        supersedesId: supersede?.oldId ?? null,
      }),
    );
    if (supersede) {
      const old = this.rows.get(supersede.oldId)!;
      this.rows.set(old.id, { ...old, status: 'superseded', supersededById: decision.id });
    }
    this.writes.push(decision.id);
    return Promise.resolve({ id: decision.id, notes: [] });
  }

  update(
    id: string,
    _actor: { id: string; displayName: string },
    before: DecisionDto,
    changes: Parameters<DecisionsRepository['update']>[3],
  ): ReturnType<DecisionsRepository['update']> {
    this.writes.push(id);
    this.rows.set(id, { ...before, ...changes });
    return Promise.resolve([]);
  }
}

describe(DecisionsService.name, () => {
  let sut: DecisionsService;
  let decisions: FakeDecisionsRepository;
  let missingLinks: Set<string>;
  let announced: string[];

  beforeEach(() => {
    decisions = new FakeDecisionsRepository();
    missingLinks = new Set();
    announced = [];
    const links: Pick<FollowUpLinks, 'of' | 'unresolvable'> = {
      of: () => Promise.resolve([]),
      unresolvable: (_reader: Reader, wanted: LinkDto[]) =>
        Promise.resolve(wanted.filter((link) => missingLinks.has(link.id))),
    };
    const audience: Pick<FollowUpAudience, 'announce'> = {
      announce: (_kind, id) => void announced.push(id),
    };
    const notes: Pick<ThreadNotes, 'publish'> = { publish: () => undefined };
    sut = new DecisionsService(
      injected<DecisionsRepository>(decisions),
      injected<FollowUpLinks>(links),
      injected<FollowUpAudience>(audience),
      injected<ThreadNotes>(notes),
    );
  });

  describe('propose', () => {
    it('stores a proposal by the caller from a thread they can read', async () => {
      const threadId = randomUUID();
      decisions.visibleSources.add(threadId);
      const member = anAuth('member');
      const proposed = await sut.propose(member, { title: 'T', statement: 'S', threadId });
      expect(proposed).toMatchObject({ status: 'proposed', createdBy: member.user.id });
      expect(announced).toEqual([proposed.id]);
    });

    it('refuses a thread or comment the caller cannot read, storing nothing', async () => {
      await domainError(
        sut.propose(anAuth(), { title: 'T', statement: 'S', threadId: randomUUID() }),
        'VALIDATION_FAILED',
      );
      await domainError(
        sut.propose(anAuth(), { title: 'T', statement: 'S', commentId: randomUUID() }),
        'VALIDATION_FAILED',
      );
      expect(decisions.writes).toEqual([]);
    });

    it('refuses a link that does not resolve', async () => {
      const link: LinkDto = { type: 'action', id: randomUUID() };
      missingLinks.add(link.id);
      const error = await domainError(
        sut.propose(anAuth(), { title: 'T', statement: 'S', links: [link] }),
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual({ missing: [link] });
    });
  });

  describe('update', () => {
    it('lets a member edit their own proposal', async () => {
      const member = anAuth('member');
      const mine = decisions.add(aDecision({ createdBy: member.user.id }));
      await expect(sut.update(member, mine.id, { title: 'Better' })).resolves.toMatchObject({
        title: 'Better',
      });
    });

    it("refuses a member editing someone else's proposal", async () => {
      const theirs = decisions.add(aDecision({ createdBy: randomUUID() }));
      await domainError(sut.update(anAuth('member'), theirs.id, { title: 'x' }), 'FORBIDDEN');
      expect(decisions.writes).toEqual([]);
    });

    it('refuses a member accepting even their own proposal: editors decide', async () => {
      const member = anAuth('member');
      const mine = decisions.add(aDecision({ createdBy: member.user.id }));
      await domainError(sut.update(member, mine.id, { status: 'accepted' }), 'FORBIDDEN');
    });

    it('refuses an editor acting through a member token', async () => {
      const decision = decisions.add(aDecision());
      await domainError(
        sut.update(anAuth('editor', { tokenCeiling: 'member' }), decision.id, {
          status: 'accepted',
        }),
        'FORBIDDEN',
      );
    });

    it('is a 404 for a decision the caller may not read', async () => {
      const editor = anAuth('editor');
      const decision = decisions.add(aDecision());
      decisions.hide(decision.id, editor.user.id);
      await domainError(sut.update(editor, decision.id, { status: 'accepted' }), 'NOT_FOUND');
    });

    const moves: Array<[DecisionStatus, DecisionStatus, boolean]> = [
      ['proposed', 'accepted', true],
      ['proposed', 'rejected', true],
      ['rejected', 'proposed', true],
      ['proposed', 'proposed', true],
      ['rejected', 'accepted', false],
      ['accepted', 'rejected', false],
      ['accepted', 'proposed', false],
      ['superseded', 'accepted', false],
      ['superseded', 'proposed', false],
    ];
    it.each(moves)('moves %s → %s: %s', async (from, to, allowed) => {
      const decision = decisions.add(aDecision({ status: from }));
      const update = sut.update(anAuth('editor'), decision.id, { status: to });
      if (allowed) {
        await expect(update).resolves.toMatchObject({ status: to });
      } else {
        const error = await domainError(update, 'CONFLICT');
        expect(error.message).toBe(`A decision cannot go from ${from} to ${to}.`);
        expect(decisions.rows.get(decision.id)!.status).toBe(from);
      }
    });
  });

  describe('setStance', () => {
    it('takes one stance per person, changeable and withdrawable, and announces it', async () => {
      const decision = decisions.add(aDecision());
      const member = anAuth('member');
      await sut.setStance(member, decision.id, { stance: 'agree' });
      const changed = await sut.setStance(member, decision.id, {
        stance: 'block',
        reason: 'Breaks the Q3 budget',
      });
      expect(changed.stances).toEqual([
        expect.objectContaining({
          user: expect.objectContaining({ id: member.user.id }),
          stance: 'block',
          reason: 'Breaks the Q3 budget',
        }),
      ]);
      expect(announced.filter((id) => id === decision.id).length).toBeGreaterThanOrEqual(2);
      const withdrawn = await sut.setStance(member, decision.id, null);
      expect(withdrawn.stances).toEqual([]);
    });

    it('is a 404, writing nothing, for a decision the caller may not read', async () => {
      const decision = decisions.add(aDecision());
      const member = anAuth('member');
      decisions.hide(decision.id, member.user.id);
      await domainError(sut.setStance(member, decision.id, { stance: 'agree' }), 'NOT_FOUND');
      expect(decisions.writes).toEqual([]);
      expect(announced).toEqual([]);
    });

    it.each(['accepted', 'rejected', 'superseded'] as const)(
      'is a 409 once the decision is %s',
      async (status) => {
        const decision = decisions.add(aDecision({ status }));
        await domainError(
          sut.setStance(anAuth('member'), decision.id, { stance: 'agree' }),
          'CONFLICT',
        );
        expect(decisions.writes).toEqual([]);
      },
    );

    it('is a 409 after the closing time', async () => {
      const decision = decisions.add(
        aDecision({ closesAt: '2026-01-01T00:00:00.000Z', votingOpen: false }),
      );
      await domainError(
        sut.setStance(anAuth('member'), decision.id, { stance: 'abstain' }),
        'CONFLICT',
      );
    });

    it('refuses a closing time in the past when proposing', async () => {
      await domainError(
        sut.propose(anAuth('member'), {
          title: 'T',
          statement: 'S',
          closesAt: '2020-01-01T00:00:00Z',
        }),
        'VALIDATION_FAILED',
      );
      expect(decisions.writes).toEqual([]);
    });
  });

  describe('supersede', () => {
    it('accepts the new decision and supersedes the old one, announcing both', async () => {
      const old = decisions.add(aDecision({ status: 'accepted' }));
      const next = await sut.supersede(anAuth('editor'), old.id, { title: 'N', statement: 'S' });
      expect(next).toMatchObject({ status: 'accepted', supersedesId: old.id });
      expect(decisions.rows.get(old.id)).toMatchObject({
        status: 'superseded',
        supersededById: next.id,
      });
      expect(announced).toEqual([next.id, old.id]);
    });

    it.each<DecisionStatus>(['proposed', 'rejected', 'superseded'])(
      'refuses to supersede a %s decision',
      async (status) => {
        const old = decisions.add(aDecision({ status }));
        await domainError(
          sut.supersede(anAuth('editor'), old.id, { title: 'N', statement: 'S' }),
          'CONFLICT',
        );
        expect(decisions.writes).toEqual([]);
      },
    );

    it('answers 409 when another supersede won the race (unique violation)', async () => {
      const old = decisions.add(aDecision({ status: 'accepted' }));
      decisions.failNextCreate = uniqueViolation();
      const error = await domainError(
        sut.supersede(anAuth('editor'), old.id, { title: 'N', statement: 'S' }),
        'CONFLICT',
      );
      expect(error.message).toBe('This decision was superseded already.');
    });

    it('lets any other failure through as it is', async () => {
      const old = decisions.add(aDecision({ status: 'accepted' }));
      decisions.failNextCreate = new Error('connection lost');
      await expect(
        sut.supersede(anAuth('editor'), old.id, { title: 'N', statement: 'S' }),
      ).rejects.toThrow('connection lost');
    });

    it('is a 404 for a decision the caller may not read', async () => {
      const editor = anAuth('editor');
      const old = decisions.add(aDecision({ status: 'accepted' }));
      decisions.hide(old.id, editor.user.id);
      await domainError(sut.supersede(editor, old.id, { title: 'N', statement: 'S' }), 'NOT_FOUND');
    });
  });

  describe('list', () => {
    it('refuses an unknown status', async () => {
      const error = await domainError(
        sut.list(anAuth(), { status: 'accepted,maybe' }),
        'VALIDATION_FAILED',
      );
      expect(error.message).toBe(`status must be among ${DECISION_STATUSES.join(', ')}.`);
    });

    it('refuses linkId without linkType', async () => {
      await domainError(sut.list(anAuth(), { linkId: randomUUID() }), 'VALIDATION_FAILED');
    });
  });
});
