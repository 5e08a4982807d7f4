import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { MailTokens } from '../../../src/notification-mail/mail-tokens.js';
import { PASSWORD } from '../../support/factories.js';
import type { TestApp } from '../../support/test-app.js';
import { apiExpect, apiRequest, type ApiCall } from './api-request.js';
import type { Owner } from './principals.js';

const sample = readFileSync(join(__dirname, '../../../samples/daily-sync-2026-05-07.txt'), 'utf8');

/** A word only restricted content holds: finding it anywhere a non-reader looks is a leak. */
export const SECRET_WORD = 'quillfeather';
/** What saved-search alerts look for: it finds the secret word (prefix search) without spelling it. */
export const SECRET_PREFIX = SECRET_WORD.slice(0, 9);

export type Scope = 'team' | 'restricted';

/** One briefing and what hangs off it, all readable exactly as the briefing is. */
export interface ScopeFixtures {
  briefingId: string;
  slug: string;
  itemId: string;
  threadId: string;
  /** Never edited by the matrix: search, notifications and revisions look for it. */
  commentId: string;
  /** The member's comment that PATCH and reaction routes act on. */
  editableCommentId: string;
  /** Owned and created by the member. */
  actionId: string;
  /** Proposed by the member, in this briefing's thread. */
  decisionId: string;
}

interface BriefingBody {
  id: string;
  slug: string;
  sections: Array<{ items: Array<{ id: string }>; discussion: { threadId: string } | null }>;
}

/** The sample briefing, dated `date`; restricted copies carry the secret word in an item. */
export function briefingDocument(date: string, scope: Scope): string {
  const dated = sample.replaceAll('May 7, 2026', date);
  return scope === 'restricted'
    ? dated.replace('TSMC is leaning', `Project ${SECRET_WORD}: TSMC is leaning`)
    : dated;
}

let freshDates = 0;
/** A date no other fixture uses, so a fresh import is a new briefing, not a re-import. */
function freshDate(): string {
  freshDates += 1;
  const day = new Date(Date.UTC(2024, 0, 1) + freshDates * 86_400_000);
  return day.toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The world the matrix runs against: a team briefing (May 7) and an earlier one (May 1)
 * restricted to the Board group, each with threads, comments, an action and a decision; the team
 * action and decision also link to the restricted ones (links a non-reader must not see); plus an
 * invite, groups, a bystander account and a calendar feed. Fresh targets are made per case for
 * the routes that destroy what they address.
 */
export class MatrixFixtures {
  team: ScopeFixtures;
  restricted: ScopeFixtures;
  /** Every id and text that only readers of the restricted briefing may ever receive. */
  restrictedMarkers: string[] = [SECRET_WORD];
  /** A restricted action owned by the admin (not in the group): their calendar shows it. */
  adminRestrictedActionId: string;
  scratchGroupId: string;
  bystanderId: string;
  inviteToken: string;
  /** The calendar feed of the bystander (a team-only viewer no principal acts as): a public capability URL. */
  bystanderCalendarFile: string;
  /** The bystander's Atom feed of decisions and a one-click unsubscribe token of theirs: public capabilities. */
  bystanderAtomFile: string;
  bystanderUnsubscribeToken: string;

  private constructor(
    private readonly app: TestApp,
    private readonly operator: Owner,
    readonly groupId: string,
  ) {}

  /** The Board group exists first: principals are put in it before fixtures hang off it. */
  static async group(app: TestApp, operator: Owner): Promise<string> {
    const created = await apiExpect<{ group: { id: string } }>(app.baseUrl, {
      method: 'POST',
      path: '/api/admin/groups',
      secret: operator.session,
      body: { name: 'Board' },
    });
    return created.group.id;
  }

  static async build(
    app: TestApp,
    operator: Owner,
    groupId: string,
    people: { member: Owner; editor: Owner; admin: Owner; outsiderMember: Owner; bystander: Owner },
  ): Promise<MatrixFixtures> {
    const fixtures = new MatrixFixtures(app, operator, groupId);
    await fixtures.populate(people);
    return fixtures;
  }

  private call<T>(call: ApiCall): Promise<T> {
    return apiExpect<T>(this.app.baseUrl, call);
  }

  private async populate(people: {
    member: Owner;
    editor: Owner;
    admin: Owner;
    outsiderMember: Owner;
    bystander: Owner;
  }): Promise<void> {
    const { member, admin } = people;
    // Alerts watch for restricted words before they exist: only the insider's may ever fire.
    for (const owner of [member, people.outsiderMember])
      await this.call({
        method: 'POST',
        path: '/api/saved-searches',
        secret: owner.session,
        body: { name: 'Watch the board', query: SECRET_PREFIX, alert: true },
      });
    const restricted = await this.importBriefing('May 1, 2026', 'restricted', this.operator);
    const team = await this.importBriefing('May 7, 2026', 'team', people.editor);
    this.restrictedMarkers.push(
      restricted.id,
      restricted.slug,
      'Daily Sync: May 1, 2026',
      ...restricted.sections.flatMap((section) => section.items.map((item) => item.id)),
      ...restricted.sections.flatMap((section) =>
        section.discussion ? [section.discussion.threadId] : [],
      ),
    );

    const comment = (threadId: string, body: string, author: Owner) =>
      this.call<{ id: string }>({
        method: 'POST',
        path: `/api/threads/${threadId}/comments`,
        secret: author.session,
        body: { body },
      });
    const restrictedThread = restricted.sections[0].discussion!.threadId;
    const teamThread = team.sections[0].discussion!.threadId;
    // The admin is mentioned in restricted talk: their member-ceiling token must not see the note.
    const secretComment = await comment(
      restrictedThread,
      `The ${SECRET_WORD} numbers stay in this room, @${handle(admin)} @${handle(people.outsiderMember)}.`,
      member,
    );
    const restrictedEditable = await comment(restrictedThread, 'draft', member);
    const teamComment = await comment(teamThread, 'Team-wide note.', member);
    const teamEditable = await comment(teamThread, 'draft', member);
    this.restrictedMarkers.push(secretComment.id, restrictedEditable.id);

    const restrictedDecision = await this.call<{ id: string }>({
      method: 'POST',
      path: '/api/decisions',
      secret: member.session,
      body: {
        title: `Adopt ${SECRET_WORD}`,
        statement: `We adopt ${SECRET_WORD}.`,
        threadId: restrictedThread,
        commentId: secretComment.id,
        links: [{ type: 'briefing', id: restricted.id }],
      },
    });
    const restrictedAction = await this.call<{ id: string }>({
      method: 'POST',
      path: '/api/actions',
      secret: member.session,
      body: {
        title: `Brief the board on ${SECRET_WORD}`,
        ownerId: member.id,
        dueOn: '2026-06-01',
        links: [
          { type: 'briefing', id: restricted.id },
          { type: 'discussion', id: restrictedThread },
        ],
      },
    });
    const adminAction = await this.call<{ id: string }>({
      method: 'POST',
      path: '/api/actions',
      secret: this.operator.session,
      body: {
        title: `Sign off ${SECRET_WORD}`,
        ownerId: admin.id,
        dueOn: '2026-06-02',
        links: [{ type: 'briefing', id: restricted.id }],
      },
    });
    // The admin watches restricted work too: changes notify them, never through a lesser token.
    await this.call({
      method: 'PUT',
      path: `/api/actions/${restrictedAction.id}/watch`,
      secret: admin.session,
    });
    this.restrictedMarkers.push(restrictedDecision.id, restrictedAction.id, adminAction.id);
    this.adminRestrictedActionId = adminAction.id;

    // Team follow-ups that link to restricted ones: the links are the part a non-reader must not see.
    const teamDecision = await this.call<{ id: string }>({
      method: 'POST',
      path: '/api/decisions',
      secret: member.session,
      body: {
        title: 'Review AI vendor exposure',
        statement: 'We review vendor exposure quarterly.',
        threadId: teamThread,
        links: [{ type: 'action', id: restrictedAction.id }],
      },
    });
    const teamAction = await this.call<{ id: string }>({
      method: 'POST',
      path: '/api/actions',
      secret: member.session,
      body: {
        title: 'Rotate vendor keys',
        ownerId: member.id,
        dueOn: '2026-06-03',
        links: [
          { type: 'briefing', id: team.id },
          { type: 'action', id: restrictedAction.id },
          { type: 'decision', id: restrictedDecision.id },
        ],
      },
    });
    // A status change writes system notes and action.changed events: more places to leak into.
    await this.call({
      method: 'PATCH',
      path: `/api/actions/${restrictedAction.id}`,
      secret: member.session,
      body: { status: 'in_progress' },
    });

    this.restricted = {
      briefingId: restricted.id,
      slug: restricted.slug,
      itemId: restricted.sections[0].items[0].id,
      threadId: restrictedThread,
      commentId: secretComment.id,
      editableCommentId: restrictedEditable.id,
      actionId: restrictedAction.id,
      decisionId: restrictedDecision.id,
    };
    this.team = {
      briefingId: team.id,
      slug: team.slug,
      itemId: team.sections[0].items[0].id,
      threadId: teamThread,
      commentId: teamComment.id,
      editableCommentId: teamEditable.id,
      actionId: teamAction.id,
      decisionId: teamDecision.id,
    };

    this.scratchGroupId = (
      await this.call<{ group: { id: string } }>({
        method: 'POST',
        path: '/api/admin/groups',
        secret: this.operator.session,
        body: { name: 'Scratch' },
      })
    ).group.id;
    this.bystanderId = people.bystander.id;
    this.inviteToken = await this.freshInviteToken();
    this.bystanderCalendarFile = await this.calendarFile(people.bystander);
    const atom = await apiRequest(this.app.baseUrl, {
      method: 'POST',
      path: '/api/atom-feeds',
      secret: people.bystander.session,
      body: { kind: 'decisions' },
    });
    this.bystanderAtomFile =
      (atom.json as { url?: string } | undefined)?.url?.split('/').pop() ??
      `${randomBytes(24).toString('hex')}.xml`;
    this.bystanderUnsubscribeToken = await this.app.server.app
      .get(MailTokens)
      .unsubscribeToken(people.bystander.id, 'mention');
  }

  private async importBriefing(date: string, scope: Scope, by: Owner): Promise<BriefingBody> {
    return this.call<BriefingBody>({
      method: 'POST',
      path: '/api/briefings/import',
      secret: by.session,
      body: {
        content: briefingDocument(date, scope),
        ...(scope === 'restricted' ? { visibility: 'restricted', groupIds: [this.groupId] } : {}),
      },
    });
  }

  /** A briefing of its own, for a case that may delete it. */
  async freshBriefingId(scope: Scope): Promise<string> {
    return (await this.importBriefing(freshDate(), scope, this.operator)).id;
  }

  /** A comment of the member's, for a case that may delete it. */
  async freshCommentId(scope: Scope, member: Owner): Promise<string> {
    return (
      await this.call<{ id: string }>({
        method: 'POST',
        path: `/api/threads/${this[scope].threadId}/comments`,
        secret: member.session,
        body: { body: 'to be deleted' },
      })
    ).id;
  }

  /** A proposed decision of the member's in the scope's thread, for a case that may supersede it. */
  async freshDecisionId(scope: Scope, member: Owner): Promise<string> {
    return (
      await this.call<{ id: string }>({
        method: 'POST',
        path: '/api/decisions',
        secret: member.session,
        body: {
          title: 'To be superseded',
          statement: 'A proposal.',
          threadId: this[scope].threadId,
          links: [{ type: 'briefing', id: this[scope].briefingId }],
        },
      })
    ).id;
  }

  async freshInvite(): Promise<{ id: string; token: string }> {
    const created = await this.call<{ invite: { id: string }; url: string }>({
      method: 'POST',
      path: '/api/admin/invites',
      secret: this.operator.session,
      body: { email: `invitee-${(freshDates += 1)}@matrix.example.com`, role: 'viewer' },
    });
    return { id: created.invite.id, token: created.url.split('/').pop()! };
  }

  async freshInviteToken(): Promise<string> {
    return (await this.freshInvite()).token;
  }

  async freshGroupId(): Promise<string> {
    return (
      await this.call<{ group: { id: string } }>({
        method: 'POST',
        path: '/api/admin/groups',
        secret: this.operator.session,
        body: { name: `Disposable ${(freshDates += 1)}` },
      })
    ).group.id;
  }

  /** An inbound integration (its secret and address stay with the operator), for a case that may rotate or revoke it. */
  async freshIntegrationId(): Promise<string> {
    return (
      await this.call<{ integration: { id: string } }>({
        method: 'POST',
        path: '/api/integrations',
        secret: this.operator.session,
        body: { name: `Disposable ${(freshDates += 1)}`, series: 'Matrix' },
      })
    ).integration.id;
  }

  /**
   * A feed subscription for a case that may poll, change or delete it: written straight to the
   * database, at a loopback address the outbound guard refuses, so polling it fails fast offline.
   */
  async freshFeedId(): Promise<string> {
    const client = new pg.Client({ connectionString: this.app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO feed_subscription (url, series, paused) VALUES ($1, 'Matrix', true) RETURNING id`,
        [`http://127.0.0.1:9/matrix-${(freshDates += 1)}-${randomBytes(4).toString('hex')}.xml`],
      );
      return rows[0].id;
    } finally {
      await client.end();
    }
  }

  /** A fresh session of the caller's own user (signed in anew with the matrix password), by its listed id. */
  async freshOwnSessionId(secret: string): Promise<string> {
    const me = await this.call<{ user: { email: string } }>({
      method: 'GET',
      path: '/api/auth/me',
      secret,
    });
    await this.call({
      method: 'POST',
      path: '/api/auth/login',
      body: { email: me.user.email, password: PASSWORD },
    });
    const { sessions } = await this.call<{ sessions: Array<{ id: string; createdAt: string }> }>({
      method: 'GET',
      path: '/api/auth/sessions',
      secret,
    });
    return sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0].id;
  }

  /** An API token of `owner` (the operator's when the caller has none), for a case that may revoke it. */
  async freshTokenId(owner: Owner | undefined): Promise<string> {
    return (
      await this.call<{ token: { id: string } }>({
        method: 'POST',
        path: '/api/auth/tokens',
        secret: (owner ?? this.operator).session,
        body: { name: 'disposable' },
      })
    ).token.id;
  }

  async freshSavedSearchId(owner: Owner | undefined): Promise<string> {
    return (
      await this.call<{ id: string }>({
        method: 'POST',
        path: '/api/saved-searches',
        secret: (owner ?? this.operator).session,
        body: { name: 'disposable', query: 'infra' },
      })
    ).id;
  }

  /**
   * Gives `owner` a calendar feed (so revoking it has something to revoke); its file name. When
   * the route fails, a well-formed name of no feed: the matrix then reports that route's cases.
   */
  async calendarFile(owner: Owner | undefined): Promise<string> {
    const feed = await apiRequest(this.app.baseUrl, {
      method: 'POST',
      path: '/api/actions/calendar-feed',
      secret: (owner ?? this.operator).session,
    });
    const url = (feed.json as { url?: string } | undefined)?.url;
    return url?.split('/').pop() ?? `${randomBytes(24).toString('hex')}.ics`;
  }

  /**
   * An outbound webhook with one delivery, for a case that may change, replay or delete it:
   * written straight to the database, paused, at an address nothing answers, so a replay sends nothing.
   */
  async freshWebhook(): Promise<{ id: string; deliveryId: string }> {
    const client = new pg.Client({ connectionString: this.app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; deliveryId: string }>(
        `WITH hook AS (
           INSERT INTO webhook (url, events, format, secret, active)
           VALUES ($1, '{action.overdue}', 'json', $2, false) RETURNING id)
         INSERT INTO webhook_delivery (webhook_id, event, payload, state, attempts)
         SELECT id, 'action.overdue', '{}', 'failed', 1 FROM hook
         RETURNING webhook_id AS id, id AS "deliveryId"`,
        [
          `http://93.184.216.34/matrix-${randomBytes(4).toString('hex')}`,
          `whsec_${randomBytes(32).toString('base64')}`,
        ],
      );
      return rows[0];
    } finally {
      await client.end();
    }
  }

  /**
   * An Atom feed of `owner`'s own (a series of its own, written straight to the database, so the
   * cases of principals sharing an owner each revoke a feed of their own); any id without an owner.
   */
  async atomFeedId(owner: Owner | undefined): Promise<string> {
    if (!owner) return '00000000-0000-4000-8000-000000000000';
    const client = new pg.Client({ connectionString: this.app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO outside_feed (user_id, kind, series, token_hash) VALUES ($1, 'series', $2, $3) RETURNING id`,
        [owner.id, `Matrix ${randomBytes(6).toString('hex')}`, randomBytes(32).toString('hex')],
      );
      return rows[0].id;
    } finally {
      await client.end();
    }
  }
}

/** The @handle comments use for a person: the local part of their e-mail address. */
export const handle = (owner: Owner) => owner.email.split('@')[0];
