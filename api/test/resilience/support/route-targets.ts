import { randomUUID } from 'node:crypto';
import { PASSWORD } from '../../support/factories.js';
import { briefingDocument, type MatrixFixtures, type Scope } from './matrix-fixtures.js';
import type { Owner, Principal } from './principals.js';
import type { Route } from './route-table.js';

/** What a route needs to be called for one principal, on one scope. */
export interface CaseContext {
  scope: Scope | undefined;
  principal: Principal;
  fixtures: MatrixFixtures;
  /** The insider member who owns the fixtures' comments, actions and decisions. */
  member: Owner;
  bystander: Owner;
}

type Values = Record<string, string>;

/**
 * How to call one route. `addresses`: the route names something under a briefing by its path,
 * so it runs on the team fixture and on the restricted one (a non-reader must get 404 there).
 * `filters`: it lists things and takes the briefing as a filter, so it runs on both too, and a
 * non-reader's answer must simply hold nothing restricted.
 */
export interface RouteTarget {
  scoped?: 'addresses' | 'filters';
  params?: (context: CaseContext) => Values | Promise<Values>;
  /** Further ways to address the same thing (a briefing by slug), each a case of its own. */
  alternatives?: Record<string, (context: CaseContext) => Values>;
  query?: (context: CaseContext) => Values;
  body?: (context: CaseContext) => unknown;
  /** Set-up a case needs before the call (something to revoke). */
  prepare?: (context: CaseContext) => Promise<void>;
  /** The route ends the caller's own credential: a fresh twin of each principal calls it. */
  endsCaller?: boolean;
  /** A rule past the gate that answers 403 to some callers of the right role. */
  rule?: string;
  /** Each case acts on a target (or twin) of its own, so the principals' cases may run at once. */
  isolated?: boolean;
}

const TOTP_SESSION_ONLY =
  'the second factor is managed from a signed-in session, never with an API token (FORBIDDEN)';

let serial = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${(serial += 1)}`;

const scoped = (context: CaseContext) => {
  if (!context.scope) throw new Error('a scoped route ran without a scope');
  return context.fixtures[context.scope];
};
const inScope =
  (pick: (fixtures: ReturnType<typeof scoped>) => string) =>
  (context: CaseContext): Values => ({ id: pick(scoped(context)) });

/**
 * Each route of the app, how the matrix fills its path, query and body. Keys are checked against
 * the discovered route table both ways: a route missing here fails the matrix by name.
 */
export const ROUTE_TARGETS: Record<string, RouteTarget> = {
  // Admin: users, invitations, groups
  'GET /api/admin/users': {},
  // The audit log, filtered as the admin page filters it
  'GET /api/admin/audit': { query: () => ({ action: 'auth.', limit: '5' }) },
  'GET /api/admin/audit.csv': { query: () => ({ action: 'auth.' }) },
  'GET /api/admin/export': {},
  'PATCH /api/admin/users/:id': {
    params: ({ fixtures }) => ({ id: fixtures.bystanderId }),
    body: () => ({ role: 'viewer' }),
  },
  'GET /api/admin/invites': {},
  'POST /api/admin/invites': {
    body: () => ({ email: `${unique('invitee')}@matrix.example.com`, role: 'viewer' }),
  },
  'POST /api/admin/invites/:id/resend': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshInvite()).id }),
  },
  'DELETE /api/admin/invites/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshInvite()).id }),
  },
  'GET /api/groups': {},
  'POST /api/admin/groups': { body: () => ({ name: unique('Group') }) },
  'PATCH /api/admin/groups/:id': {
    params: ({ fixtures }) => ({ id: fixtures.scratchGroupId }),
    body: () => ({ name: 'Scratch' }),
  },
  'DELETE /api/admin/groups/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshGroupId() }),
  },
  'GET /api/admin/groups/:id/members': { params: ({ fixtures }) => ({ id: fixtures.groupId }) },
  'PUT /api/admin/groups/:id/members': {
    params: ({ fixtures }) => ({ id: fixtures.scratchGroupId }),
    body: () => ({ userIds: [] }),
  },

  // Invitee side (public)
  'GET /api/invites/:token': { params: ({ fixtures }) => ({ token: fixtures.inviteToken }) },
  'POST /api/invites/:token/accept': {
    isolated: true,
    params: async ({ fixtures }) => ({ token: await fixtures.freshInviteToken() }),
    body: () => ({ displayName: 'Invitee', password: 'an-invitee-password' }),
  },

  // Accounts
  'GET /api/auth/setup': {},
  'GET /api/auth/providers': {},
  'GET /api/auth/oidc/login': { query: () => ({ returnTo: '/briefings' }) },
  'GET /api/auth/oidc/callback': { query: () => ({ code: 'matrix-code', state: 'matrix-state' }) },
  'POST /api/auth/signup': {
    body: () => ({
      email: `${unique('signup')}@matrix.example.com`,
      password: 'a-signup-password',
      displayName: 'Newcomer',
      setupCode: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF',
    }),
    rule: 'sign-up closes once an account exists (SIGNUP_CLOSED)',
  },
  'POST /api/auth/login': {
    isolated: true,
    body: ({ bystander }) => ({ email: bystander.email, password: PASSWORD }),
  },
  'POST /api/auth/logout': { endsCaller: true, isolated: true },
  'GET /api/auth/me': {},
  'PATCH /api/auth/me': { body: () => ({ displayName: 'Matrix Person' }) },
  'POST /api/auth/password': {
    isolated: true,
    endsCaller: true,
    body: () => ({ currentPassword: PASSWORD, newPassword: 'another-long-password' }),
  },
  'GET /api/auth/tokens': {},
  'POST /api/auth/tokens': { body: () => ({ name: 'matrix' }) },
  'DELETE /api/auth/tokens/:id': {
    isolated: true,
    params: async ({ fixtures, principal }) => ({
      id: await fixtures.freshTokenId(principal.live ? principal.owner : undefined),
    }),
  },
  // Second factor (a wrong code or an unknown challenge passes the gate and is refused after it)
  'GET /api/auth/totp': {},
  'POST /api/auth/totp/setup': { isolated: true, rule: TOTP_SESSION_ONLY },
  'POST /api/auth/totp/enable': { body: () => ({ code: '000000' }), rule: TOTP_SESSION_ONLY },
  'POST /api/auth/totp/disable': { body: () => ({ password: PASSWORD }), rule: TOTP_SESSION_ONLY },
  'POST /api/auth/totp/recovery-codes': {
    body: () => ({ code: '000000' }),
    rule: TOTP_SESSION_ONLY,
  },
  'POST /api/auth/login/totp': { body: () => ({ challenge: 'matrix', code: '000000' }) },
  'POST /api/auth/login/totp/setup': { body: () => ({ challenge: 'matrix' }) },
  'GET /api/admin/security': {},
  'PUT /api/admin/security': { body: () => ({ requireTotpFor: [] }) },
  'DELETE /api/admin/users/:id/totp': { params: ({ fixtures }) => ({ id: fixtures.bystanderId }) },

  // Recovery and one's own account (the matrix app sends no e-mail: asking for a new address is refused after the gate)
  'POST /api/auth/password-reset': {
    body: () => ({ email: `${unique('forgetful')}@matrix.example.com` }),
  },
  'POST /api/auth/password-reset/confirm': {
    body: () => ({
      token: 'an-unknown-reset-link-token-of-43-characters',
      password: 'a-matrix-password',
    }),
  },
  'POST /api/admin/users/:id/password-reset': {
    params: ({ fixtures }) => ({ id: fixtures.bystanderId }),
  },
  'POST /api/auth/me/email': {
    body: () => ({ email: `${unique('moved')}@matrix.example.com`, password: PASSWORD }),
  },
  'POST /api/auth/me/email/confirm': {
    body: () => ({ token: 'an-unknown-email-link-token-of-43-characters' }),
  },
  'GET /api/auth/sessions': {},
  'DELETE /api/auth/sessions': { endsCaller: true, isolated: true },
  'DELETE /api/auth/sessions/:id': {
    endsCaller: true,
    isolated: true,
    params: async ({ fixtures, principal }) => ({
      id:
        principal.live && principal.secret
          ? await fixtures.freshOwnSessionId(principal.secret)
          : 'f'.repeat(64),
    }),
  },

  // Briefings
  'GET /api/briefings': {},
  'GET /api/briefings/filters': {},
  'POST /api/briefings/import': {
    body: () => ({ content: briefingDocument('May 20, 2026', 'team') }),
  },
  'POST /api/briefings/preview': {
    body: () => ({ content: briefingDocument('May 21, 2026', 'team') }),
  },
  'GET /api/briefings/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.briefingId),
    alternatives: { 'by slug': (context) => ({ id: scoped(context).slug }) },
  },
  'PUT /api/briefings/:id/read': { scoped: 'addresses', params: inScope((f) => f.briefingId) },
  'PATCH /api/briefings/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.briefingId),
    body: () => ({ readingMinutes: 7 }),
  },
  'DELETE /api/briefings/:id': {
    isolated: true,
    scoped: 'addresses',
    params: async ({ fixtures, scope }) => ({ id: await fixtures.freshBriefingId(scope!) }),
  },
  'GET /api/briefings/:id/follow-ups': {
    scoped: 'addresses',
    params: inScope((f) => f.briefingId),
  },

  // Discussions
  'GET /api/threads': {},
  'GET /api/threads/:id': { scoped: 'addresses', params: inScope((f) => f.threadId) },
  'PATCH /api/threads/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.threadId),
    body: () => ({ state: 'open' }),
  },
  'POST /api/threads/:id/comments': {
    scoped: 'addresses',
    params: inScope((f) => f.threadId),
    body: () => ({ body: 'A comment from the matrix.' }),
  },
  'GET /api/threads/:id/notes': { scoped: 'addresses', params: inScope((f) => f.threadId) },
  'PUT /api/threads/:id/follow': { scoped: 'addresses', params: inScope((f) => f.threadId) },
  'DELETE /api/threads/:id/follow': { scoped: 'addresses', params: inScope((f) => f.threadId) },
  'PUT /api/threads/:id/read': {
    scoped: 'addresses',
    params: inScope((f) => f.threadId),
    body: () => ({ seq: 0 }),
  },
  'POST /api/items/:id/thread': { scoped: 'addresses', params: inScope((f) => f.itemId) },
  'PATCH /api/comments/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.editableCommentId),
    body: () => ({ body: 'Edited by the matrix.' }),
    rule: 'only its author or an editor changes a comment',
  },
  'DELETE /api/comments/:id': {
    isolated: true,
    scoped: 'addresses',
    params: async ({ fixtures, scope, member }) => ({
      id: await fixtures.freshCommentId(scope!, member),
    }),
    rule: 'only its author or an editor deletes a comment',
  },
  'GET /api/comments/:id/revisions': {
    scoped: 'addresses',
    params: inScope((f) => f.editableCommentId),
  },
  'PUT /api/comments/:id/reactions/:emoji': {
    scoped: 'addresses',
    params: (context) => ({ id: scoped(context).editableCommentId, emoji: '+1' }),
  },
  'DELETE /api/comments/:id/reactions/:emoji': {
    scoped: 'addresses',
    params: (context) => ({ id: scoped(context).editableCommentId, emoji: '+1' }),
  },
  'GET /api/users/mentionable': { query: () => ({ q: 'm' }) },

  // Action items
  'GET /api/actions': { scoped: 'filters', query: (c) => ({ briefingId: scoped(c).briefingId }) },
  'POST /api/actions': { body: () => ({ title: 'An action from the matrix' }) },
  'GET /api/actions/export.csv': {
    scoped: 'filters',
    query: (c) => ({ briefingId: scoped(c).briefingId }),
  },
  'GET /api/actions/:id': { scoped: 'addresses', params: inScope((f) => f.actionId) },
  'PATCH /api/actions/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.actionId),
    body: () => ({ priority: 'high' }),
    rule: 'members change only actions they own or created',
  },
  'PUT /api/actions/:id/watch': { scoped: 'addresses', params: inScope((f) => f.actionId) },
  'DELETE /api/actions/:id/watch': { scoped: 'addresses', params: inScope((f) => f.actionId) },
  'POST /api/actions/calendar-feed': {},
  'DELETE /api/actions/calendar-feed': {
    prepare: async ({ fixtures, principal }) => {
      if (principal.live && principal.owner) await fixtures.calendarFile(principal.owner);
    },
  },
  'GET /api/calendar/:file': {
    params: ({ fixtures }) => ({ file: fixtures.bystanderCalendarFile }),
  },

  // Decisions
  'GET /api/decisions': { scoped: 'filters', query: (c) => ({ threadId: scoped(c).threadId }) },
  'POST /api/decisions': {
    body: () => ({ title: 'A decision from the matrix', statement: 'We decide.' }),
  },
  'GET /api/decisions/:id': { scoped: 'addresses', params: inScope((f) => f.decisionId) },
  'PATCH /api/decisions/:id': {
    scoped: 'addresses',
    params: inScope((f) => f.decisionId),
    body: () => ({ rationale: 'Revisited by the matrix.' }),
    rule: 'members edit only their own proposals',
  },
  'PUT /api/decisions/:id/stance': {
    scoped: 'addresses',
    params: inScope((f) => f.decisionId),
    body: () => ({ stance: 'agree', reason: 'Stood by the matrix.' }),
  },
  'DELETE /api/decisions/:id/stance': {
    scoped: 'addresses',
    params: inScope((f) => f.decisionId),
  },
  'POST /api/decisions/:id/supersede': {
    isolated: true,
    scoped: 'addresses',
    params: async ({ fixtures, scope, member }) => ({
      id: await fixtures.freshDecisionId(scope!, member),
    }),
    body: () => ({ title: 'A superseding decision', statement: 'We decide again.' }),
  },

  // Search
  'GET /api/search': {
    scoped: 'filters',
    query: (c) => ({ q: 'infra', briefingId: scoped(c).briefingId }),
  },
  'GET /api/items/:id/related': { scoped: 'addresses', params: inScope((f) => f.itemId) },
  'GET /api/search/synonyms': {},
  'PUT /api/search/synonyms': { body: () => ({ synonyms: [] }) },
  'GET /api/saved-searches': {},
  'POST /api/saved-searches': { body: () => ({ name: 'Matrix', query: 'infra' }) },
  'DELETE /api/saved-searches/:id': {
    isolated: true,
    params: async ({ fixtures, principal }) => ({
      id: await fixtures.freshSavedSearchId(principal.live ? principal.owner : undefined),
    }),
  },

  // Inbound integrations (admin) and the signed webhook (public: its signature authenticates it)
  'GET /api/integrations': {},
  'POST /api/integrations': { body: () => ({ name: unique('Integration'), series: 'Matrix' }) },
  'POST /api/integrations/:id/secret': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshIntegrationId() }),
  },
  'POST /api/integrations/:id/address': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshIntegrationId() }),
  },
  'DELETE /api/integrations/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshIntegrationId() }),
  },
  'POST /api/hooks/briefings': {
    query: () => ({ integration: randomUUID() }),
    body: () => ({ content: briefingDocument('May 22, 2026', 'team') }),
  },

  // Getting briefings in: from a URL (an address the outbound guard refuses: no network) and feeds (admin)
  'POST /api/briefings/import-url': {
    body: () => ({ url: 'http://169.254.169.254/latest/meta-data' }),
  },
  'GET /api/feeds': {},
  'POST /api/feeds': { body: () => ({ url: `http://93.184.216.34/${unique('feed')}.xml` }) },
  'PATCH /api/feeds/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshFeedId() }),
    body: () => ({ series: 'Matrix feeds' }),
  },
  'DELETE /api/feeds/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshFeedId() }),
  },
  'POST /api/feeds/:id/poll': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: await fixtures.freshFeedId() }),
  },

  // Outbound webhooks (admin); fresh paused hooks for the cases that change, replay or delete
  'GET /api/webhooks': {},
  'POST /api/webhooks': {
    body: () => ({ url: `http://93.184.216.34/${unique('hook')}`, events: ['action.overdue'] }),
  },
  'GET /api/webhooks/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshWebhook()).id }),
  },
  'PATCH /api/webhooks/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshWebhook()).id }),
    body: () => ({ description: 'From the matrix' }),
  },
  'DELETE /api/webhooks/:id': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshWebhook()).id }),
  },
  'GET /api/webhooks/:id/deliveries': {
    isolated: true,
    params: async ({ fixtures }) => ({ id: (await fixtures.freshWebhook()).id }),
  },
  'POST /api/webhooks/:id/deliveries/:deliveryId/replay': {
    isolated: true,
    params: async ({ fixtures }) => await fixtures.freshWebhook(),
  },

  // Notification e-mail: each user's preferences; one-click unsubscribe by the token in the e-mail
  'GET /api/notification-preferences': {},
  'PUT /api/notification-preferences': {
    body: () => ({ preferences: [{ kind: 'activity', mode: 'digest' }] }),
  },
  'GET /api/notification-mail/unsubscribe': {
    query: ({ fixtures }) => ({ token: fixtures.bystanderUnsubscribeToken }),
  },
  'POST /api/notification-mail/unsubscribe': {
    query: ({ fixtures }) => ({ token: fixtures.bystanderUnsubscribeToken }),
  },

  // Atom feeds of a series or of decisions, by secret address
  'POST /api/atom-feeds': { body: () => ({ kind: 'decisions' }) },
  'GET /api/atom-feeds': {},
  'DELETE /api/atom-feeds/:id': {
    isolated: true,
    params: async ({ fixtures, principal }) => ({
      id: await fixtures.atomFeedId(principal.live ? principal.owner : undefined),
    }),
  },
  'GET /api/atom/:file': { params: ({ fixtures }) => ({ file: fixtures.bystanderAtomFile }) },

  // Notifications
  'GET /api/notifications': {},
  'GET /api/notifications/unread-count': {},
  'POST /api/notifications/read': { body: () => ({ all: true }) },

  // Operations (public)
  'GET /api/health': {},
  'GET /api/metrics': {},
};

/**
 * Routes the table cannot call as they are, by name: missing from the table, a path parameter
 * with no filler, a body route with no body, or a table entry naming no route (renamed or gone).
 */
export function unmappedRoutes(routes: Route[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const target = ROUTE_TARGETS[route.key];
    if (!target) {
      problems.push(`${route.key} (${route.handler}): no entry in ROUTE_TARGETS`);
      continue;
    }
    if (route.params.length && !target.params)
      problems.push(`${route.key}: path parameters ${route.params.join(', ')} have no filler`);
    if (route.takesBody && !target.body) problems.push(`${route.key}: reads a body, none given`);
  }
  const known = new Set(routes.map((route) => route.key));
  for (const key of Object.keys(ROUTE_TARGETS))
    if (!known.has(key)) problems.push(`${key}: in ROUTE_TARGETS but the app has no such route`);
  return problems;
}

/** A look-alike of what a case addresses, that does not exist: what a non-reader must see. */
export function phantomOf(values: Values): Values {
  const phantom = { ...values };
  if ('id' in phantom)
    phantom.id = /^[0-9a-f-]{36}$/i.test(phantom.id)
      ? randomUUID()
      : `daily-sync-2026-05-01-${randomUUID().slice(0, 8)}`;
  return phantom;
}
