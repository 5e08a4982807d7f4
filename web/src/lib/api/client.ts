// The only door to the Briefroom API: typed calls over HTTP, errors as ApiError. The page server
// uses it with the session token; the browser uses it on the same origin, where the session
// cookie authenticates (see $lib/api/browser.ts).
import type {
  ActionItem,
  ActionListQuery,
  ActionPatch,
  Decision,
  DecisionListQuery,
  DecisionPatch,
  NewAction,
  NewDecision,
} from '$lib/actions/dto';
import type {
  ApiToken,
  ApiTokenInput,
  CreatedApiToken,
  CreatedInvite,
  Credentials,
  Invite,
  InviteAcceptance,
  InviteInput,
  InvitePreview,
  PasswordChange,
  SessionGrant,
  SetupStatus,
  SignupInput,
  User,
  UserPatch,
} from '$lib/dto/auth';
import type {
  Briefing,
  BriefingDocument,
  BriefingFeedPage,
  BriefingFeedQuery,
  BriefingFilters,
  BriefingImport,
  BriefingPatch,
  Group,
  ImportOutcome,
  ParsedBriefing,
} from '$lib/dto/briefings';
import type {
  Comment,
  CommentRevision,
  NewComment,
  NotificationPage,
  NotificationQuery,
  NotificationSelection,
  Person,
  ReactionName,
  Thread,
  ThreadListPage,
  ThreadListQuery,
  ThreadNote,
  ThreadPage,
  ThreadPageQuery,
  ThreadStateChange,
} from '$lib/dto/discussions';
import type {
  NewSavedSearch,
  SavedSearch,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '$lib/search/dto';

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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const DEFAULT_TIMEOUT_MS = 10_000;
/** The header the API reads the page server's proof from. */
const PAGE_SERVER_HEADER = 'x-briefroom-page-server';

export class BriefroomApi {
  readonly #baseUrl: URL;
  readonly #token: string | null;
  readonly #clientAddress: string | null;
  readonly #pageServerSecret: string | null;
  readonly #userAgent: string | null;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: ApiClientOptions) {
    this.#baseUrl = new URL(options.baseUrl);
    this.#token = options.token ?? null;
    this.#clientAddress = options.clientAddress ?? null;
    this.#pageServerSecret = options.pageServerSecret ?? null;
    this.#userAgent = options.userAgent ?? null;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  // Sign-in and the signed-in user

  setupStatus(): Promise<SetupStatus> {
    return this.#request('GET', '/api/auth/setup');
  }

  signup(input: SignupInput): Promise<SessionGrant> {
    return this.#request('POST', '/api/auth/signup', input);
  }

  login(credentials: Credentials): Promise<SessionGrant> {
    return this.#request('POST', '/api/auth/login', credentials);
  }

  logout(): Promise<void> {
    return this.#request('POST', '/api/auth/logout');
  }

  async me(): Promise<User> {
    const body = await this.#request<{ user: User }>('GET', '/api/auth/me');
    return body.user;
  }

  changePassword(change: PasswordChange): Promise<void> {
    return this.#request('POST', '/api/auth/password', change);
  }

  // Personal API tokens

  async listTokens(): Promise<ApiToken[]> {
    const body = await this.#request<{ tokens: ApiToken[] }>('GET', '/api/auth/tokens');
    return body.tokens;
  }

  createToken(input: ApiTokenInput): Promise<CreatedApiToken> {
    return this.#request('POST', '/api/auth/tokens', input);
  }

  revokeToken(id: string): Promise<void> {
    return this.#request('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`);
  }

  // Invites, as seen by the invited person

  getInvite(inviteToken: string): Promise<InvitePreview> {
    return this.#request('GET', `/api/invites/${encodeURIComponent(inviteToken)}`);
  }

  acceptInvite(inviteToken: string, acceptance: InviteAcceptance): Promise<SessionGrant> {
    return this.#request(
      'POST',
      `/api/invites/${encodeURIComponent(inviteToken)}/accept`,
      acceptance,
    );
  }

  // Administration

  async listUsers(): Promise<User[]> {
    const body = await this.#request<{ users: User[] }>('GET', '/api/admin/users');
    return body.users;
  }

  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const body = await this.#request<{ user: User }>(
      'PATCH',
      `/api/admin/users/${encodeURIComponent(id)}`,
      patch,
    );
    return body.user;
  }

  async listInvites(): Promise<Invite[]> {
    const body = await this.#request<{ invites: Invite[] }>('GET', '/api/admin/invites');
    return body.invites;
  }

  createInvite(input: InviteInput): Promise<CreatedInvite> {
    return this.#request('POST', '/api/admin/invites', input);
  }

  revokeInvite(id: string): Promise<void> {
    return this.#request('DELETE', `/api/admin/invites/${encodeURIComponent(id)}`);
  }

  // Briefings

  listBriefings(query: BriefingFeedQuery = {}): Promise<BriefingFeedPage> {
    return this.#request('GET', `/api/briefings${queryString(query)}`);
  }

  briefingFilters(): Promise<BriefingFilters> {
    return this.#request('GET', '/api/briefings/filters');
  }

  /** By id or by slug; a briefing the caller may not read is a 404, as if it did not exist. */
  getBriefing(idOrSlug: string): Promise<Briefing> {
    return this.#request('GET', `/api/briefings/${encodeURIComponent(idOrSlug)}`);
  }

  markBriefingRead(id: string): Promise<void> {
    return this.#request('PUT', `/api/briefings/${encodeURIComponent(id)}/read`);
  }

  /** Parses a document without storing anything. */
  async previewBriefing(document: BriefingDocument): Promise<ParsedBriefing[]> {
    const body = await this.#request<{ briefings: ParsedBriefing[] }>(
      'POST',
      '/api/briefings/preview',
      document,
    );
    return body.briefings;
  }

  async importBriefing(input: BriefingImport): Promise<ImportOutcome> {
    const { status, body } = await this.#exchange<Briefing | { briefings: Briefing[] }>(
      'POST',
      '/api/briefings/import',
      input,
    );
    return {
      outcome: status === 201 ? 'created' : 'updated',
      briefings: 'briefings' in body ? body.briefings : [body],
    };
  }

  updateBriefing(id: string, patch: BriefingPatch): Promise<Briefing> {
    return this.#request('PATCH', `/api/briefings/${encodeURIComponent(id)}`, patch);
  }

  /** Its discussion threads and their comments go with it. */
  deleteBriefing(id: string): Promise<void> {
    return this.#request('DELETE', `/api/briefings/${encodeURIComponent(id)}`);
  }

  // Groups: who restricted briefings are shared with

  async listGroups(): Promise<Group[]> {
    const body = await this.#request<{ groups: Group[] }>('GET', '/api/groups');
    return body.groups;
  }

  async createGroup(name: string): Promise<Group> {
    const body = await this.#request<{ group: Group }>('POST', '/api/admin/groups', { name });
    return body.group;
  }

  async renameGroup(id: string, name: string): Promise<Group> {
    const body = await this.#request<{ group: Group }>(
      'PATCH',
      `/api/admin/groups/${encodeURIComponent(id)}`,
      { name },
    );
    return body.group;
  }

  deleteGroup(id: string): Promise<void> {
    return this.#request('DELETE', `/api/admin/groups/${encodeURIComponent(id)}`);
  }

  async listGroupMembers(id: string): Promise<User[]> {
    const body = await this.#request<{ members: User[] }>(
      'GET',
      `/api/admin/groups/${encodeURIComponent(id)}/members`,
    );
    return body.members;
  }

  /** Replaces the whole member list. */
  async setGroupMembers(id: string, userIds: string[]): Promise<User[]> {
    const body = await this.#request<{ members: User[] }>(
      'PUT',
      `/api/admin/groups/${encodeURIComponent(id)}/members`,
      { userIds },
    );
    return body.members;
  }

  // Discussions

  getThread(id: string, query: ThreadPageQuery = {}): Promise<ThreadPage> {
    return this.#request('GET', `/api/threads/${encodeURIComponent(id)}${queryString(query)}`);
  }

  /**
   * `idempotencyKey` names this draft: sending it again (a retry, a double submit) answers with
   * the comment the first request created instead of creating another.
   */
  postComment(threadId: string, comment: NewComment, idempotencyKey?: string): Promise<Comment> {
    return this.#request(
      'POST',
      `/api/threads/${encodeURIComponent(threadId)}/comments`,
      comment,
      idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined,
    );
  }

  /** The previous text goes to the comment's history. */
  editComment(id: string, body: string): Promise<Comment> {
    return this.#request('PATCH', `/api/comments/${encodeURIComponent(id)}`, { body });
  }

  /** Leaves a tombstone, so its replies keep their place. */
  deleteComment(id: string): Promise<void> {
    return this.#request('DELETE', `/api/comments/${encodeURIComponent(id)}`);
  }

  async commentRevisions(id: string): Promise<CommentRevision[]> {
    const body = await this.#request<{ revisions: CommentRevision[] }>(
      'GET',
      `/api/comments/${encodeURIComponent(id)}/revisions`,
    );
    return body.revisions;
  }

  /** Adds (`on`) or takes back the caller's reaction; answers with the comment as it now is. */
  react(commentId: string, emoji: ReactionName, on: boolean): Promise<Comment> {
    return this.#request(
      on ? 'PUT' : 'DELETE',
      `/api/comments/${encodeURIComponent(commentId)}/reactions/${encodeURIComponent(emoji)}`,
    );
  }

  updateThreadState(id: string, change: ThreadStateChange): Promise<Thread> {
    return this.#request('PATCH', `/api/threads/${encodeURIComponent(id)}`, change);
  }

  /** The item's thread, created on the first request. */
  openItemThread(itemId: string): Promise<Thread> {
    return this.#request('POST', `/api/items/${encodeURIComponent(itemId)}/thread`);
  }

  followThread(id: string, follow: boolean): Promise<void> {
    return this.#request(
      follow ? 'PUT' : 'DELETE',
      `/api/threads/${encodeURIComponent(id)}/follow`,
    );
  }

  /** Remembers how far the caller has read, for "new since your last visit". */
  markThreadRead(id: string, seq: number): Promise<void> {
    return this.#request('PUT', `/api/threads/${encodeURIComponent(id)}/read`, { seq });
  }

  listThreads(query: ThreadListQuery = {}): Promise<ThreadListPage> {
    return this.#request(
      'GET',
      `/api/threads${queryString({
        state: query.states?.join(','),
        cursor: query.cursor,
        limit: query.limit,
      })}`,
    );
  }

  /** People whose handle or name starts with `prefix`, at most 10. */
  async mentionable(prefix: string): Promise<Person[]> {
    const body = await this.#request<{ users: Person[] }>(
      'GET',
      `/api/users/mentionable${queryString({ q: prefix })}`,
    );
    return body.users;
  }

  // Notifications

  listNotifications(query: NotificationQuery = {}): Promise<NotificationPage> {
    return this.#request(
      'GET',
      `/api/notifications${queryString({
        unread: query.unreadOnly ? 'true' : undefined,
        cursor: query.cursor,
      })}`,
    );
  }

  /** How many notifications are unread, capped at 100 (shown as "99+"): the bell's number alone. */
  async unreadNotificationCount(): Promise<number> {
    const body = await this.#request<{ count: number }>('GET', '/api/notifications/unread-count');
    return body.count;
  }

  /** Answers with how many remain unread. */
  async markNotificationsRead(selection: NotificationSelection): Promise<number> {
    const body = await this.#request<{ unreadCount: number }>(
      'POST',
      '/api/notifications/read',
      selection,
    );
    return body.unreadCount;
  }

  // Action items (docs/api-actions.md)

  async listActions(query: ActionListQuery = {}): Promise<ActionItem[]> {
    const body = await this.#request<{ actions: ActionItem[] }>(
      'GET',
      `/api/actions${actionQueryString(query)}`,
    );
    return body.actions;
  }

  /** With its links and activity log. */
  getAction(id: string): Promise<ActionItem> {
    return this.#request('GET', `/api/actions/${encodeURIComponent(id)}`);
  }

  createAction(input: NewAction): Promise<ActionItem> {
    return this.#request('POST', '/api/actions', input);
  }

  /** Members change what they own or created; editors anything. A status it cannot reach is a 409. */
  updateAction(id: string, patch: ActionPatch): Promise<ActionItem> {
    return this.#request('PATCH', `/api/actions/${encodeURIComponent(id)}`, patch);
  }

  /** The caller starts (`on`) or stops watching an action; answers with the action as it now is. */
  watchAction(id: string, on: boolean): Promise<ActionItem> {
    return this.#request(on ? 'PUT' : 'DELETE', `/api/actions/${encodeURIComponent(id)}/watch`);
  }

  /** A new secret calendar address for the caller's due dates; the previous one stops working. */
  async rotateCalendarFeed(): Promise<string> {
    const body = await this.#request<{ url: string }>('POST', '/api/actions/calendar-feed');
    return body.url;
  }

  revokeCalendarFeed(): Promise<void> {
    return this.#request('DELETE', '/api/actions/calendar-feed');
  }

  /** Open actions linked to earlier briefings' items and prompts, for a briefing's page. */
  async briefingFollowUps(briefingId: string): Promise<ActionItem[]> {
    const body = await this.#request<{ actions: ActionItem[] }>(
      'GET',
      `/api/briefings/${encodeURIComponent(briefingId)}/follow-ups`,
    );
    return body.actions;
  }

  // Decisions

  async listDecisions(query: DecisionListQuery = {}): Promise<Decision[]> {
    const body = await this.#request<{ decisions: Decision[] }>(
      'GET',
      `/api/decisions${queryString({
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
      })}`,
    );
    return body.decisions;
  }

  /** With its links and activity log. */
  getDecision(id: string): Promise<Decision> {
    return this.#request('GET', `/api/decisions/${encodeURIComponent(id)}`);
  }

  proposeDecision(input: NewDecision): Promise<Decision> {
    return this.#request('POST', '/api/decisions', input);
  }

  updateDecision(id: string, patch: DecisionPatch): Promise<Decision> {
    return this.#request('PATCH', `/api/decisions/${encodeURIComponent(id)}`, patch);
  }

  /** Editors: the new decision, accepted; the old one becomes superseded and both are linked. */
  supersedeDecision(id: string, input: NewDecision): Promise<Decision> {
    return this.#request('POST', `/api/decisions/${encodeURIComponent(id)}/supersede`, input);
  }

  // Search (docs/api-search.md)

  /** `signal` lets a search-as-you-type box drop an answer it no longer wants. */
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    return this.#request('GET', `/api${searchPath(query)}`, undefined, undefined, signal);
  }

  /** Earlier items, decisions and actions on the same subject as a briefing item. */
  async relatedToItem(itemId: string, signal?: AbortSignal): Promise<SearchHit[]> {
    const body = await this.#request<{ hits: SearchHit[] }>(
      'GET',
      `/api/items/${encodeURIComponent(itemId)}/related`,
      undefined,
      undefined,
      signal,
    );
    return body.hits;
  }

  async listSavedSearches(): Promise<SavedSearch[]> {
    const body = await this.#request<{ savedSearches: SavedSearch[] }>(
      'GET',
      '/api/saved-searches',
    );
    return body.savedSearches;
  }

  saveSearch(input: NewSavedSearch): Promise<SavedSearch> {
    return this.#request('POST', '/api/saved-searches', input);
  }

  deleteSavedSearch(id: string): Promise<void> {
    return this.#request('DELETE', `/api/saved-searches/${encodeURIComponent(id)}`);
  }

  /** Groups of equivalent terms, e.g. `[["k8s","kubernetes"]]`, in their stored order. */
  async getSynonyms(): Promise<string[][]> {
    const body = await this.#request<{ synonyms: string[][] }>('GET', '/api/search/synonyms');
    return body.synonyms;
  }

  /**
   * Admins: replaces the whole list. A 503 SEARCH_UNAVAILABLE means it was stored but search has
   * not applied it yet.
   */
  async replaceSynonyms(groups: string[][]): Promise<string[][]> {
    const body = await this.#request<{ synonyms: string[][] }>('PUT', '/api/search/synonyms', {
      synonyms: groups,
    });
    return body.synonyms;
  }

  /** A thread's system notes (actions and decisions tied to it changed status), oldest first. */
  async threadNotes(threadId: string): Promise<ThreadNote[]> {
    const body = await this.#request<{ notes: ThreadNote[] }>(
      'GET',
      `/api/threads/${encodeURIComponent(threadId)}/notes`,
    );
    return body.notes;
  }

  async #request<T>(
    method: Method,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<T> {
    return (await this.#exchange<T>(method, path, body, extraHeaders, signal)).body;
  }

  /** One call to the API: its status (some routes answer 200 and 201 differently) and its body. */
  async #exchange<T>(
    method: Method,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: T }> {
    const headers = new Headers({ ...extraHeaders, accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (this.#token) headers.set('authorization', `Bearer ${this.#token}`);
    if (this.#clientAddress) {
      headers.set('x-forwarded-for', this.#clientAddress);
      if (this.#pageServerSecret) headers.set(PAGE_SERVER_HEADER, this.#pageServerSecret);
    }
    if (this.#userAgent) headers.set('user-agent', this.#userAgent);

    let response: Response;
    try {
      response = await this.#fetch(new URL(path, this.#baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)])
          : AbortSignal.timeout(this.#timeoutMs),
        redirect: 'manual',
      });
    } catch (cause) {
      throw transportError(cause);
    }

    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return { status: 204, body: undefined as T };

    try {
      return { status: response.status, body: (await response.json()) as T };
    } catch {
      throw new ApiError(
        502,
        CLIENT_ERROR_CODES.unexpectedResponse,
        `The Briefroom API answered ${method} ${path} with a body that is not JSON.`,
      );
    }
  }
}

/** `?name=value&…` of the parameters that have a value, or '' when none has. */
function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params) as Array<[string, unknown]>) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `GET /actions` parameters; also the query of its CSV export. */
export function actionQueryString(query: ActionListQuery): string {
  return queryString({
    status: query.status?.join(','),
    ownerId: query.ownerId,
    priority: query.priority,
    overdue: query.overdue ? 'true' : undefined,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    briefingId: query.briefingId,
    tag: query.tag,
    linkType: query.linkType,
    linkId: query.linkId,
    sort: query.sort,
    page: query.page,
    limit: query.limit,
  });
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

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const payload: unknown = await response.json().catch(() => null);
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
  return `/search${queryString(query)}`;
}
