// The only door to the Briefroom API: openapi-fetch over the generated contract (schema.d.ts,
// `npm run contract`), so every path, parameter and answer is typed by the API itself; errors as
// ApiError. The page server uses it with the session token; the browser uses it on the same
// origin, where the session cookie authenticates (see $lib/api/browser.ts).
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';
import type {
  SecuritySettings,
  TotpChallenge,
  TotpDisable,
  TotpSession,
  TotpSetup,
  TotpStatus,
} from './types';
import type {
  AtomFeed,
  CreatedAtomFeed,
  CreatedWebhook,
  NewAtomFeed,
  NewWebhook,
  NotificationPreference,
  Unsubscribed,
  Webhook,
  WebhookDelivery,
  WebhookPatch,
} from './types';
import type {
  Accepted,
  AccountSession,
  EmailChange,
  PasswordResetConfirmation,
  PasswordResetRequest,
  ResetLink,
  ActionItem,
  ActionListQuery,
  ActionPatch,
  ApiToken,
  ApiTokenInput,
  AuditPage,
  AuditQuery,
  Briefing,
  BriefingDocument,
  BriefingFeedPage,
  BriefingFeedQuery,
  BriefingFilters,
  BriefingImport,
  BriefingPatch,
  BriefingUrlImport,
  Comment,
  CommentRevision,
  CreatedApiToken,
  CreatedIntegration,
  CreatedInvite,
  Credentials,
  Decision,
  DecisionListQuery,
  DecisionPatch,
  Feed,
  FeedPatch,
  FeedPoll,
  Group,
  ImportOutcome,
  Integration,
  Invite,
  InviteAcceptance,
  InviteInput,
  InvitePreview,
  NewAction,
  NewComment,
  NewDecision,
  StanceChoice,
  NewFeed,
  NewIntegration,
  NewSavedSearch,
  NotificationPage,
  NotificationQuery,
  NotificationSelection,
  ParsedBriefing,
  PasswordChange,
  Person,
  ReactionName,
  RotatedIntegrationAddress,
  RotatedIntegrationSecret,
  SavedSearch,
  SearchHit,
  SearchQuery,
  SearchResult,
  SessionGrant,
  SetupStatus,
  AuthProviders,
  SignupInput,
  Thread,
  ThreadListPage,
  ThreadListQuery,
  ThreadNote,
  ThreadPage,
  ThreadPageQuery,
  ThreadStateChange,
  User,
  UserPatch,
} from './types';

/** Codes this client produces itself when the API gives no contract error. */
export const CLIENT_ERROR_CODES = {
  unreachable: 'API_UNREACHABLE',
  timeout: 'API_TIMEOUT',
  unexpectedResponse: 'UNEXPECTED_RESPONSE',
} as const;

/** An API failure in the contract's shape: `{"error":{"code","message","details"}}` plus the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    /** Seconds to wait before retrying, from `Retry-After` (sent with 429). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** Origin of the API server, e.g. `http://127.0.0.1:3000`; routes live under `/api`. */
  baseUrl: string | URL;
  /** Session token or personal API token, sent as `Authorization: Bearer`. */
  token?: string | null;
  /** Address of the browser behind this page server, for the API's rate limits and session records. */
  clientAddress?: string;
  /** Proves to the API that this page server sent clientAddress (see the API's web-pages.ts). */
  pageServerSecret?: string | null;
  /** The browser's User-Agent, so the API's session list shows the real device. */
  userAgent?: string | null;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** The header the API reads the page server's proof from. */
const PAGE_SERVER_HEADER = 'x-briefroom-page-server';

/** What an openapi-fetch call resolves to. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export class BriefroomApi {
  readonly #client: Client<paths>;
  readonly #token: string | null;
  readonly #clientAddress: string | null;
  readonly #pageServerSecret: string | null;
  readonly #userAgent: string | null;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: ApiClientOptions) {
    this.#token = options.token ?? null;
    this.#clientAddress = options.clientAddress ?? null;
    this.#pageServerSecret = options.pageServerSecret ?? null;
    this.#userAgent = options.userAgent ?? null;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#client = createClient<paths>({
      baseUrl: new URL(options.baseUrl).origin,
      fetch: (request) => this.#send(request),
      querySerializer: queryString,
    });
  }

  // Sign-in and the signed-in user

  setupStatus(): Promise<SetupStatus> {
    return this.#data(this.#client.GET('/api/auth/setup'));
  }

  /** How people sign in here: passwords and/or single sign-on. */
  providers(): Promise<AuthProviders> {
    return this.#data(this.#client.GET('/api/auth/providers'));
  }

  signup(input: SignupInput): Promise<SessionGrant> {
    return this.#data(this.#client.POST('/api/auth/signup', { body: input }));
  }

  /** A session, or a challenge when the account has (or must enrol) a second factor. */
  login(credentials: Credentials): Promise<SessionGrant | TotpChallenge> {
    return this.#data(this.#client.POST('/api/auth/login', { body: credentials }));
  }

  // Second factor (TOTP): the sign-in step, one's own enrolment, the admin's policy

  completeTotpLogin(challenge: string, code: string): Promise<TotpSession> {
    return this.#data(this.#client.POST('/api/auth/login/totp', { body: { challenge, code } }));
  }

  totpLoginSetup(challenge: string): Promise<TotpSetup> {
    return this.#data(this.#client.POST('/api/auth/login/totp/setup', { body: { challenge } }));
  }

  totpStatus(): Promise<TotpStatus> {
    return this.#data(this.#client.GET('/api/auth/totp'));
  }

  totpSetup(): Promise<TotpSetup> {
    return this.#data(this.#client.POST('/api/auth/totp/setup'));
  }

  async totpEnable(code: string): Promise<string[]> {
    const answer = this.#client.POST('/api/auth/totp/enable', { body: { code } });
    return (await this.#data(answer)).recoveryCodes;
  }

  totpDisable(proof: TotpDisable): Promise<void> {
    return this.#none(this.#client.POST('/api/auth/totp/disable', { body: proof }));
  }

  async regenerateRecoveryCodes(code: string): Promise<string[]> {
    const answer = this.#client.POST('/api/auth/totp/recovery-codes', { body: { code } });
    return (await this.#data(answer)).recoveryCodes;
  }

  securitySettings(): Promise<SecuritySettings> {
    return this.#data(this.#client.GET('/api/admin/security'));
  }

  updateSecuritySettings(settings: SecuritySettings): Promise<SecuritySettings> {
    return this.#data(this.#client.PUT('/api/admin/security', { body: settings }));
  }

  /** For someone who lost both phone and recovery codes; their sessions end too. */
  removeUserTotp(userId: string): Promise<void> {
    return this.#none(
      this.#client.DELETE('/api/admin/users/{id}/totp', { params: { path: { id: userId } } }),
    );
  }

  logout(): Promise<void> {
    return this.#none(this.#client.POST('/api/auth/logout'));
  }

  async me(): Promise<User> {
    return (await this.#data(this.#client.GET('/api/auth/me'))).user;
  }

  changePassword(change: PasswordChange): Promise<void> {
    return this.#none(this.#client.POST('/api/auth/password', { body: change }));
  }

  // Personal API tokens

  async listTokens(): Promise<ApiToken[]> {
    return (await this.#data(this.#client.GET('/api/auth/tokens'))).tokens;
  }

  createToken(input: ApiTokenInput): Promise<CreatedApiToken> {
    return this.#data(this.#client.POST('/api/auth/tokens', { body: input }));
  }

  revokeToken(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/auth/tokens/{id}', { params: { path: { id } } }));
  }

  // Account recovery, e-mail address and sessions

  /** Answers alike whether or not the address has an account. */
  requestPasswordReset(request: PasswordResetRequest): Promise<Accepted> {
    return this.#data(this.#client.POST('/api/auth/password-reset', { body: request }));
  }

  confirmPasswordReset(confirmation: PasswordResetConfirmation): Promise<void> {
    return this.#none(
      this.#client.POST('/api/auth/password-reset/confirm', { body: confirmation }),
    );
  }

  requestEmailChange(change: EmailChange): Promise<Accepted> {
    return this.#data(this.#client.POST('/api/auth/me/email', { body: change }));
  }

  async confirmEmailChange(token: string): Promise<User> {
    return (await this.#data(this.#client.POST('/api/auth/me/email/confirm', { body: { token } })))
      .user;
  }

  async listSessions(): Promise<AccountSession[]> {
    return (await this.#data(this.#client.GET('/api/auth/sessions'))).sessions;
  }

  endSession(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } }));
  }

  async endOtherSessions(): Promise<number> {
    return (await this.#data(this.#client.DELETE('/api/auth/sessions'))).ended;
  }

  // Invites, as seen by the invited person

  getInvite(inviteToken: string): Promise<InvitePreview> {
    return this.#data(
      this.#client.GET('/api/invites/{token}', { params: { path: { token: inviteToken } } }),
    );
  }

  acceptInvite(inviteToken: string, acceptance: InviteAcceptance): Promise<SessionGrant> {
    return this.#data(
      this.#client.POST('/api/invites/{token}/accept', {
        params: { path: { token: inviteToken } },
        body: acceptance,
      }),
    );
  }

  // Administration

  async listUsers(): Promise<User[]> {
    return (await this.#data(this.#client.GET('/api/admin/users'))).users;
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const answer = this.#client.PATCH('/api/admin/users/{id}', {
      params: { path: { id } },
      body: patch,
    });
    return (await this.#data(answer)).user;
  }

  async listInvites(): Promise<Invite[]> {
    return (await this.#data(this.#client.GET('/api/admin/invites'))).invites;
  }

  createInvite(input: InviteInput): Promise<CreatedInvite> {
    return this.#data(this.#client.POST('/api/admin/invites', { body: input }));
  }

  /** A one-time link to set a new password, for the admin to hand over. */
  issuePasswordResetLink(userId: string): Promise<ResetLink> {
    return this.#data(
      this.#client.POST('/api/admin/users/{id}/password-reset', {
        params: { path: { id: userId } },
      }),
    );
  }

  /** A new link for a pending invite (the old one stops working), e-mailed when SMTP is set. */
  resendInvite(id: string): Promise<CreatedInvite> {
    return this.#data(
      this.#client.POST('/api/admin/invites/{id}/resend', { params: { path: { id } } }),
    );
  }

  revokeInvite(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/admin/invites/{id}', { params: { path: { id } } }));
  }

  // Briefings

  listBriefings(query: BriefingFeedQuery = {}): Promise<BriefingFeedPage> {
    return this.#data(this.#client.GET('/api/briefings', { params: { query } }));
  }

  briefingFilters(): Promise<BriefingFilters> {
    return this.#data(this.#client.GET('/api/briefings/filters'));
  }

  /** By id or by slug; a briefing the caller may not read is a 404, as if it did not exist. */
  getBriefing(idOrSlug: string): Promise<Briefing> {
    return this.#data(
      this.#client.GET('/api/briefings/{id}', { params: { path: { id: idOrSlug } } }),
    );
  }

  markBriefingRead(id: string): Promise<void> {
    return this.#none(this.#client.PUT('/api/briefings/{id}/read', { params: { path: { id } } }));
  }

  /** Parses a document without storing anything. */
  async previewBriefing(document: BriefingDocument): Promise<ParsedBriefing[]> {
    return (await this.#data(this.#client.POST('/api/briefings/preview', { body: document })))
      .briefings;
  }

  async importBriefing(input: BriefingImport): Promise<ImportOutcome> {
    const { status, data } = await this.#answer(
      this.#client.POST('/api/briefings/import', { body: input }),
    );
    return {
      outcome: status === 201 ? 'created' : 'updated',
      briefings: 'briefings' in data ? data.briefings : [data],
    };
  }

  /** The API fetches the page (public addresses only) and imports it as if uploaded. */
  async importBriefingFromUrl(input: BriefingUrlImport): Promise<ImportOutcome> {
    const { status, data } = await this.#answer(
      this.#client.POST('/api/briefings/import-url', { body: input }),
    );
    return {
      outcome: status === 201 ? 'created' : 'updated',
      briefings: 'briefings' in data ? data.briefings : [data],
    };
  }

  updateBriefing(id: string, patch: BriefingPatch): Promise<Briefing> {
    return this.#data(
      this.#client.PATCH('/api/briefings/{id}', { params: { path: { id } }, body: patch }),
    );
  }

  /** Its discussion threads and their comments go with it. */
  deleteBriefing(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/briefings/{id}', { params: { path: { id } } }));
  }

  // Groups: who restricted briefings are shared with

  async listGroups(): Promise<Group[]> {
    return (await this.#data(this.#client.GET('/api/groups'))).groups;
  }

  async createGroup(name: string): Promise<Group> {
    return (await this.#data(this.#client.POST('/api/admin/groups', { body: { name } }))).group;
  }

  async renameGroup(id: string, name: string): Promise<Group> {
    const answer = this.#client.PATCH('/api/admin/groups/{id}', {
      params: { path: { id } },
      body: { name },
    });
    return (await this.#data(answer)).group;
  }

  deleteGroup(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/admin/groups/{id}', { params: { path: { id } } }));
  }

  async listGroupMembers(id: string): Promise<User[]> {
    const answer = this.#client.GET('/api/admin/groups/{id}/members', { params: { path: { id } } });
    return (await this.#data(answer)).members;
  }

  /** Replaces the whole member list. */
  async setGroupMembers(id: string, userIds: string[]): Promise<User[]> {
    const answer = this.#client.PUT('/api/admin/groups/{id}/members', {
      params: { path: { id } },
      body: { userIds },
    });
    return (await this.#data(answer)).members;
  }

  // Inbound integrations: e-mail in and the signed webhook (admin)

  async listIntegrations(): Promise<Integration[]> {
    return (await this.#data(this.#client.GET('/api/integrations'))).integrations;
  }

  createIntegration(input: NewIntegration): Promise<CreatedIntegration> {
    return this.#data(this.#client.POST('/api/integrations', { body: input }));
  }

  rotateIntegrationSecret(id: string): Promise<RotatedIntegrationSecret> {
    return this.#data(
      this.#client.POST('/api/integrations/{id}/secret', { params: { path: { id } } }),
    );
  }

  rotateIntegrationAddress(id: string): Promise<RotatedIntegrationAddress> {
    return this.#data(
      this.#client.POST('/api/integrations/{id}/address', { params: { path: { id } } }),
    );
  }

  /** Both the address and the webhook stop at once. */
  revokeIntegration(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/integrations/{id}', { params: { path: { id } } }));
  }

  // The audit log (admin): newest first, a page at a time; its CSV is a plain link to /api/admin/audit.csv

  listAuditEvents(query: AuditQuery = {}): Promise<AuditPage> {
    return this.#data(this.#client.GET('/api/admin/audit', { params: { query } }));
  }

  // Feed subscriptions: polled on a schedule, each new entry imported once (admin)

  async listFeeds(): Promise<Feed[]> {
    return (await this.#data(this.#client.GET('/api/feeds'))).feeds;
  }

  async createFeed(input: NewFeed): Promise<Feed> {
    return (await this.#data(this.#client.POST('/api/feeds', { body: input }))).feed;
  }

  async updateFeed(id: string, patch: FeedPatch): Promise<Feed> {
    const answer = this.#client.PATCH('/api/feeds/{id}', { params: { path: { id } }, body: patch });
    return (await this.#data(answer)).feed;
  }

  /** The briefings it brought stay. */
  deleteFeed(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/feeds/{id}', { params: { path: { id } } }));
  }

  /** Polls now; a feed that cannot be fetched or read answers its error (also recorded on it). */
  pollFeed(id: string): Promise<FeedPoll> {
    return this.#data(this.#client.POST('/api/feeds/{id}/poll', { params: { path: { id } } }));
  }

  // Outbound webhooks (admin): the secret is answered once, at creation

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.#data(this.#client.GET('/api/webhooks'))).webhooks;
  }

  createWebhook(input: NewWebhook): Promise<CreatedWebhook> {
    return this.#data(this.#client.POST('/api/webhooks', { body: input }));
  }

  async updateWebhook(id: string, patch: WebhookPatch): Promise<Webhook> {
    const answer = this.#client.PATCH('/api/webhooks/{id}', {
      params: { path: { id } },
      body: patch,
    });
    return (await this.#data(answer)).webhook;
  }

  deleteWebhook(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/webhooks/{id}', { params: { path: { id } } }));
  }

  async listWebhookDeliveries(id: string): Promise<WebhookDelivery[]> {
    const answer = this.#client.GET('/api/webhooks/{id}/deliveries', { params: { path: { id } } });
    return (await this.#data(answer)).deliveries;
  }

  async replayWebhookDelivery(id: string, deliveryId: string): Promise<WebhookDelivery> {
    const answer = this.#client.POST('/api/webhooks/{id}/deliveries/{deliveryId}/replay', {
      params: { path: { id, deliveryId } },
    });
    return (await this.#data(answer)).delivery;
  }

  // Notification e-mail: the caller's choice per kind

  async notificationPreferences(): Promise<NotificationPreference[]> {
    return (await this.#data(this.#client.GET('/api/notification-preferences'))).preferences;
  }

  async updateNotificationPreferences(
    preferences: NotificationPreference[],
  ): Promise<NotificationPreference[]> {
    const answer = this.#client.PUT('/api/notification-preferences', { body: { preferences } });
    return (await this.#data(answer)).preferences;
  }

  /** What an e-mail's unsubscribe link would turn off; changes nothing (no sign-in). */
  previewUnsubscribe(token: string): Promise<Unsubscribed> {
    return this.#data(
      this.#client.GET('/api/notification-mail/unsubscribe', { params: { query: { token } } }),
    );
  }

  /** Turns off what the link names (RFC 8058's one-click POST, made by the page's button). */
  unsubscribe(token: string): Promise<Unsubscribed> {
    return this.#data(
      this.#client.POST('/api/notification-mail/unsubscribe', { params: { query: { token } } }),
    );
  }

  // Atom feeds: secret addresses for feed readers

  async listAtomFeeds(): Promise<AtomFeed[]> {
    return (await this.#data(this.#client.GET('/api/atom-feeds'))).feeds;
  }

  /** A new secret address (shown once); the feed's previous address stops working. */
  createAtomFeed(feed: NewAtomFeed): Promise<CreatedAtomFeed> {
    return this.#data(this.#client.POST('/api/atom-feeds', { body: feed }));
  }

  revokeAtomFeed(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/atom-feeds/{id}', { params: { path: { id } } }));
  }

  // Discussions

  getThread(id: string, query: ThreadPageQuery = {}): Promise<ThreadPage> {
    return this.#data(this.#client.GET('/api/threads/{id}', { params: { path: { id }, query } }));
  }

  /**
   * `idempotencyKey` names this draft: sending it again (a retry, a double submit) answers with
   * the comment the first request created instead of creating another.
   */
  postComment(threadId: string, comment: NewComment, idempotencyKey?: string): Promise<Comment> {
    return this.#data(
      this.#client.POST('/api/threads/{id}/comments', {
        params: {
          path: { id: threadId },
          header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
        },
        body: comment,
      }),
    );
  }

  /** The previous text goes to the comment's history. */
  editComment(id: string, body: string): Promise<Comment> {
    return this.#data(
      this.#client.PATCH('/api/comments/{id}', { params: { path: { id } }, body: { body } }),
    );
  }

  /** Leaves a tombstone, so its replies keep their place. */
  deleteComment(id: string): Promise<void> {
    return this.#none(this.#client.DELETE('/api/comments/{id}', { params: { path: { id } } }));
  }

  async commentRevisions(id: string): Promise<CommentRevision[]> {
    const answer = this.#client.GET('/api/comments/{id}/revisions', { params: { path: { id } } });
    return (await this.#data(answer)).revisions;
  }

  /** Adds (`on`) or takes back the caller's reaction; answers with the comment as it now is. */
  react(commentId: string, emoji: ReactionName, on: boolean): Promise<Comment> {
    const params = { path: { id: commentId, emoji } };
    return this.#data(
      on
        ? this.#client.PUT('/api/comments/{id}/reactions/{emoji}', { params })
        : this.#client.DELETE('/api/comments/{id}/reactions/{emoji}', { params }),
    );
  }

  updateThreadState(id: string, change: ThreadStateChange): Promise<Thread> {
    return this.#data(
      this.#client.PATCH('/api/threads/{id}', { params: { path: { id } }, body: change }),
    );
  }

  /** The item's thread, created on the first request. */
  openItemThread(itemId: string): Promise<Thread> {
    return this.#data(
      this.#client.POST('/api/items/{id}/thread', { params: { path: { id: itemId } } }),
    );
  }

  followThread(id: string, follow: boolean): Promise<void> {
    const params = { path: { id } };
    return this.#none(
      follow
        ? this.#client.PUT('/api/threads/{id}/follow', { params })
        : this.#client.DELETE('/api/threads/{id}/follow', { params }),
    );
  }

  /** Remembers how far the caller has read, for "new since your last visit". */
  markThreadRead(id: string, seq: number): Promise<void> {
    return this.#none(
      this.#client.PUT('/api/threads/{id}/read', { params: { path: { id } }, body: { seq } }),
    );
  }

  listThreads(query: ThreadListQuery = {}): Promise<ThreadListPage> {
    return this.#data(
      this.#client.GET('/api/threads', {
        params: {
          query: { state: query.states?.join(','), cursor: query.cursor, limit: query.limit },
        },
      }),
    );
  }

  /** People whose handle or name starts with `prefix`, at most 10. */
  async mentionable(prefix: string): Promise<Person[]> {
    const answer = this.#client.GET('/api/users/mentionable', { params: { query: { q: prefix } } });
    return (await this.#data(answer)).users;
  }

  // Notifications

  listNotifications(query: NotificationQuery = {}): Promise<NotificationPage> {
    return this.#data(
      this.#client.GET('/api/notifications', {
        params: {
          query: { unread: query.unreadOnly ? 'true' : undefined, cursor: query.cursor },
        },
      }),
    );
  }

  /** How many notifications are unread, capped at 100 (shown as "99+"): the bell's number alone. */
  async unreadNotificationCount(): Promise<number> {
    return (await this.#data(this.#client.GET('/api/notifications/unread-count'))).count;
  }

  /** Answers with how many remain unread. */
  async markNotificationsRead(selection: NotificationSelection): Promise<number> {
    const answer = this.#client.POST('/api/notifications/read', { body: selection });
    return (await this.#data(answer)).unreadCount;
  }

  // Action items (docs/api-actions.md)

  async listActions(query: ActionListQuery = {}): Promise<ActionItem[]> {
    const answer = this.#client.GET('/api/actions', { params: { query: actionQuery(query) } });
    return (await this.#data(answer)).actions;
  }

  /** With its links and activity log. */
  getAction(id: string): Promise<ActionItem> {
    return this.#data(this.#client.GET('/api/actions/{id}', { params: { path: { id } } }));
  }

  createAction(input: NewAction): Promise<ActionItem> {
    return this.#data(this.#client.POST('/api/actions', { body: input }));
  }

  /** Members change what they own or created; editors anything. A status it cannot reach is a 409. */
  updateAction(id: string, patch: ActionPatch): Promise<ActionItem> {
    return this.#data(
      this.#client.PATCH('/api/actions/{id}', { params: { path: { id } }, body: patch }),
    );
  }

  /** The caller starts (`on`) or stops watching an action; answers with the action as it now is. */
  watchAction(id: string, on: boolean): Promise<ActionItem> {
    const params = { path: { id } };
    return this.#data(
      on
        ? this.#client.PUT('/api/actions/{id}/watch', { params })
        : this.#client.DELETE('/api/actions/{id}/watch', { params }),
    );
  }

  /** A new secret calendar address for the caller's due dates; the previous one stops working. */
  async rotateCalendarFeed(): Promise<string> {
    return (await this.#data(this.#client.POST('/api/actions/calendar-feed'))).url;
  }

  revokeCalendarFeed(): Promise<void> {
    return this.#none(this.#client.DELETE('/api/actions/calendar-feed'));
  }

  /** Open actions linked to earlier briefings' items and prompts, for a briefing's page. */
  async briefingFollowUps(briefingId: string): Promise<ActionItem[]> {
    const answer = this.#client.GET('/api/briefings/{id}/follow-ups', {
      params: { path: { id: briefingId } },
    });
    return (await this.#data(answer)).actions;
  }

  // Decisions

  async listDecisions(query: DecisionListQuery = {}): Promise<Decision[]> {
    const answer = this.#client.GET('/api/decisions', {
      params: {
        query: {
          status: query.status?.join(','),
          reviewDue: query.reviewDue ? 'true' : undefined,
          tag: query.tag,
          decidedFrom: query.decidedFrom,
          decidedTo: query.decidedTo,
          decidedBy: query.decidedBy,
          threadId: query.threadId,
          sort: query.sort,
          page: query.page,
          limit: query.limit,
        },
      },
    });
    return (await this.#data(answer)).decisions;
  }

  /** With its links and activity log. */
  getDecision(id: string): Promise<Decision> {
    return this.#data(this.#client.GET('/api/decisions/{id}', { params: { path: { id } } }));
  }

  proposeDecision(input: NewDecision): Promise<Decision> {
    return this.#data(this.#client.POST('/api/decisions', { body: input }));
  }

  updateDecision(id: string, patch: DecisionPatch): Promise<Decision> {
    return this.#data(
      this.#client.PATCH('/api/decisions/{id}', { params: { path: { id } }, body: patch }),
    );
  }

  /** Takes or changes the caller's stance on a proposed decision (one per person). */
  setDecisionStance(id: string, choice: StanceChoice): Promise<Decision> {
    return this.#data(
      this.#client.PUT('/api/decisions/{id}/stance', { params: { path: { id } }, body: choice }),
    );
  }

  withdrawDecisionStance(id: string): Promise<Decision> {
    return this.#data(
      this.#client.DELETE('/api/decisions/{id}/stance', { params: { path: { id } } }),
    );
  }

  /** Editors: the new decision, accepted; the old one becomes superseded and both are linked. */
  supersedeDecision(id: string, input: NewDecision): Promise<Decision> {
    return this.#data(
      this.#client.POST('/api/decisions/{id}/supersede', { params: { path: { id } }, body: input }),
    );
  }

  // Search (docs/api-search.md)

  /** `signal` lets a search-as-you-type box drop an answer it no longer wants. */
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    return this.#data(this.#client.GET('/api/search', { params: { query }, signal }));
  }

  /** Earlier items, decisions and actions on the same subject as a briefing item. */
  async relatedToItem(itemId: string, signal?: AbortSignal): Promise<SearchHit[]> {
    const answer = this.#client.GET('/api/items/{id}/related', {
      params: { path: { id: itemId } },
      signal,
    });
    return (await this.#data(answer)).hits;
  }

  async listSavedSearches(): Promise<SavedSearch[]> {
    return (await this.#data(this.#client.GET('/api/saved-searches'))).savedSearches;
  }

  saveSearch(input: NewSavedSearch): Promise<SavedSearch> {
    return this.#data(this.#client.POST('/api/saved-searches', { body: input }));
  }

  deleteSavedSearch(id: string): Promise<void> {
    return this.#none(
      this.#client.DELETE('/api/saved-searches/{id}', { params: { path: { id } } }),
    );
  }

  /** Groups of equivalent terms, e.g. `[["k8s","kubernetes"]]`, in their stored order. */
  async getSynonyms(): Promise<string[][]> {
    return (await this.#data(this.#client.GET('/api/search/synonyms'))).synonyms;
  }

  /**
   * Admins: replaces the whole list. A 503 SEARCH_UNAVAILABLE means it was stored but search has
   * not applied it yet.
   */
  async replaceSynonyms(groups: string[][]): Promise<string[][]> {
    const answer = this.#client.PUT('/api/search/synonyms', { body: { synonyms: groups } });
    return (await this.#data(answer)).synonyms;
  }

  /** A thread's system notes (actions and decisions tied to it changed status), oldest first. */
  async threadNotes(threadId: string): Promise<ThreadNote[]> {
    const answer = this.#client.GET('/api/threads/{id}/notes', {
      params: { path: { id: threadId } },
    });
    return (await this.#data(answer)).notes;
  }

  /** The answer's body; an error answer becomes an ApiError. */
  async #data<T>(call: Promise<Answer<T>>): Promise<T> {
    return (await this.#answer(call)).data;
  }

  /** For routes that answer 204 No Content. */
  async #none(call: Promise<Answer<unknown>>): Promise<void> {
    await this.#answer(call);
  }

  /** Its status too (some routes answer 200 and 201 differently). */
  async #answer<T>(call: Promise<Answer<T>>): Promise<{ status: number; data: T }> {
    let answer: Answer<T>;
    try {
      answer = await call;
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      // openapi-fetch could not parse a success body as JSON.
      throw new ApiError(
        502,
        CLIENT_ERROR_CODES.unexpectedResponse,
        'The Briefroom API answered with a body that is not JSON.',
      );
    }
    const { response } = answer;
    if (!response.ok) throw errorFrom(response, answer.error ?? null);
    return { status: response.status, data: answer.data as T };
  }

  /** The network edge: credentials, the browser's address and a deadline on every request. */
  async #send(request: Request): Promise<Response> {
    const headers = new Headers(request.headers);
    headers.set('accept', 'application/json');
    if (this.#token) headers.set('authorization', `Bearer ${this.#token}`);
    if (this.#clientAddress) {
      headers.set('x-forwarded-for', this.#clientAddress);
      if (this.#pageServerSecret) headers.set(PAGE_SERVER_HEADER, this.#pageServerSecret);
    }
    if (this.#userAgent) headers.set('user-agent', this.#userAgent);
    const body = request.body ? await request.text() : undefined;
    if (body === undefined) headers.delete('content-type');
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      return await this.#fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
        redirect: 'manual',
      });
    } catch (cause) {
      throw transportError(cause);
    }
  }
}

/** What the API's query parameters hold: scalars, and lists sent comma-joined. */
type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** `name=value&…` of the parameters that have a value (openapi-fetch adds the `?`). */
function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params) as Array<[string, QueryValue]>) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  return search.toString();
}

/** `GET /actions` parameters as the API names them; also the query of its CSV export. */
function actionQuery(query: ActionListQuery) {
  return {
    status: query.status?.join(','),
    ownerId: query.ownerId,
    priority: query.priority,
    overdue: query.overdue ? ('true' as const) : undefined,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    briefingId: query.briefingId,
    tag: query.tag,
    linkType: query.linkType,
    linkId: query.linkId,
    sort: query.sort,
    page: query.page,
    limit: query.limit,
  };
}

/** `?…` of `GET /actions` parameters, for links to the CSV export. */
export function actionQueryString(query: ActionListQuery): string {
  const text = queryString(actionQuery(query));
  return text ? `?${text}` : '';
}

function transportError(cause: unknown): ApiError {
  const timedOut =
    cause instanceof DOMException && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return timedOut
    ? new ApiError(
        504,
        CLIENT_ERROR_CODES.timeout,
        'The Briefroom service took too long to answer. Try again in a moment.',
      )
    : new ApiError(
        503,
        CLIENT_ERROR_CODES.unreachable,
        'The Briefroom service cannot be reached right now. Try again in a moment.',
      );
}

/** `payload`: the error body as openapi-fetch read it (parsed JSON, else text). */
function errorFrom(response: Response, payload: unknown): ApiError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  if (isContractError(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(response.status, code, message, details ?? null, retryAfterSeconds);
  }
  // No contract body: a proxy or a crashed process answered, not the API's error handler.
  const message =
    response.status >= 500
      ? `The Briefroom service is not answering properly right now (HTTP ${response.status}). Try again in a moment.`
      : `The Briefroom service answered with an unexpected ${response.status} response.`;
  return new ApiError(
    response.status,
    CLIENT_ERROR_CODES.unexpectedResponse,
    message,
    null,
    retryAfterSeconds,
  );
}

function isContractError(
  payload: unknown,
): payload is { error: { code: string; message: string; details?: unknown } } {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return false;
  const error: unknown = payload.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** `/search?…` with the parameters that have a value (the API's own names and defaults). */
export function searchPath(query: SearchQuery): string {
  const text = queryString(query);
  return text ? `/search?${text}` : '/search';
}
