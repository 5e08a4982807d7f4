// The API's shapes under the names the web app uses, all taken from the generated contract
// (schema.d.ts, enums.ts: `npm run contract`). Only the client's own inputs and results are written here.
import type { components, operations } from './schema';
import {
  actionStatusValues,
  decisionStatusValues,
  linkTypeValues,
  priorityValues,
  reactionValues,
  searchTypeValues,
  sourceFormatValues,
  threadStateValues,
} from './enums';

type Schemas = components['schemas'];

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;
/** Timestamps arrive as ISO 8601 strings. */
export type IsoDateTime = string;

// Accounts and sign-in
export type User = Schemas['UserDto'];
export type SetupStatus = Schemas['SetupStateDto'];
export type AuthProviders = Schemas['AuthProvidersDto'];
/** What login, signup and invite acceptance return: the user and a session token for the cookie. */
export type SessionGrant = Schemas['SessionDto'];
export type Credentials = Schemas['LoginDto'];
export type SignupInput = Schemas['SignupDto'];
export type PasswordChange = Schemas['ChangePasswordDto'];
export type ApiToken = Schemas['TokenDto'];
export type ApiTokenInput = Schemas['CreateTokenDto'];
export type CreatedApiToken = Schemas['CreatedTokenDto'];
export type InvitePreview = Schemas['PublicInviteDto'];
export type InviteAcceptance = Schemas['AcceptInviteDto'];
export type Invite = Schemas['InviteDto'];
export type InviteInput = Schemas['CreateInviteDto'];
export type CreatedInvite = Schemas['CreatedInviteDto'];
export type UserPatch = Schemas['UpdateUserDto'];

// Second factor (TOTP)
/** What login answers instead of a session when a second step is needed. */
export type TotpChallenge = Schemas['TotpChallengeDto'];
export type TotpStatus = Schemas['TotpStatusDto'];
export type TotpSetup = Schemas['TotpSetupDto'];
export type TotpDisable = Schemas['TotpDisableDto'];
/** A finished second step: the session, and the recovery codes when it finished an enrolment. */
export type TotpSession = Schemas['TotpSessionDto'];
export type SecuritySettings = Schemas['SecuritySettingsDto'];

// Briefings and groups
export type Visibility = Schemas['Visibility'];
export type SectionKind = Schemas['SectionKind'];
export type SourceFormat = Schemas['SourceFormat'];
export type ThreadState = Schemas['ThreadState'];
export type GroupRef = Schemas['GroupRefDto'];
export type Group = Schemas['GroupDto'];
export type BriefingItem = Schemas['ItemDto'];
export type DiscussionPrompt = Schemas['DiscussionDto'];
export type BriefingSection = Schemas['SectionDto'];
export type Briefing = Schemas['BriefingDto'];
export type BriefingSummary = Schemas['BriefingSummaryDto'];
export type BriefingFeedQuery = NonNullable<operations['listBriefings']['parameters']['query']>;
export type BriefingFeedPage = Schemas['BriefingPageDto'];
export type TagCount = Schemas['TagCountDto'];
export type BriefingFilters = Schemas['BriefingFiltersDto'];
/** A document to parse: what `POST /briefings/preview` takes. */
export type BriefingDocument = Pick<
  Schemas['ImportBriefingDto'],
  'content' | 'format' | 'publishedOn'
>;
export type BriefingImport = Schemas['ImportBriefingDto'];
/** What `POST /briefings/import-url` takes: the page is fetched by the API. */
export type BriefingUrlImport = Schemas['ImportUrlDto'];
export type ParsedBriefing = Schemas['ParsedBriefingDto'];
/** A part the document did not give, which the parser made up (title, date, one section). */
export type AssumedPart = Schemas['AssumedPart'];
/** What importing a previewed document would change in the briefing it updates. */
export type ReimportChanges = Schemas['ReimportChangesDto'];
export type ParsedSection = Schemas['ParsedSectionDto'];
export type ParsedItem = Schemas['ParsedItemDto'];
export type BriefingPatch = Schemas['UpdateBriefingDto'];

/** What an import did: `created` on 201, `updated` on 200 (same title and date seen before). */
export interface ImportOutcome {
  outcome: 'created' | 'updated';
  /** One briefing, or several when the document held several (a feed, a JSON array). */
  briefings: Briefing[];
}

/** `details` of a `422 UNPARSEABLE_BRIEFING` (error details are not typed by the contract). */
export interface UnparseableBriefingDetails {
  reason: string;
  /** Parts the document lacked, named as in the canonical briefing: `title`, `publishedOn`, `sections`. */
  missing: string[];
}

// Discussions and notifications
export type ReactionName = Schemas['Reaction'];
export type Person = Schemas['PersonDto'];
export type Reaction = Schemas['ReactionDto'];
export type Comment = Schemas['CommentDto'];
export type CommentRevision = Schemas['RevisionDto'];
export type BriefingRef = Schemas['BriefingRefDto'];
export type ThreadItem = Schemas['ThreadItemDto'];
export type Thread = Schemas['ThreadDto'];
export type ThreadPage = Schemas['ThreadPageDto'];
export type ThreadPageQuery = NonNullable<operations['getThread']['parameters']['query']>;
export type NewComment = Schemas['CreateCommentDto'];
export type ThreadStateChange = Schemas['UpdateThreadDto'];
export type ThreadSummary = Schemas['ThreadSummaryDto'];
export type ThreadListPage = Schemas['ThreadListPageDto'];
export type ThreadNote = Schemas['ThreadNoteDto'];
export type NotificationKind = Schemas['NotificationKind'];
export type Notification = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];

export interface ThreadListQuery {
  /** The API defaults to the unresolved ones: open and converging. */
  states?: readonly ThreadState[];
  cursor?: string;
  limit?: number;
}

export interface NotificationQuery {
  unreadOnly?: boolean;
  cursor?: string;
}

/** Either some notifications by id, or all of them. */
export type NotificationSelection = { ids: string[] } | { all: true };

// Action items and decisions
export type ActionStatus = Schemas['ActionStatus'];
export type Priority = Schemas['Priority'];
export type DecisionStatus = Schemas['DecisionStatus'];
/** `discussion` is a thread id. */
export type LinkType = Schemas['LinkType'];
export type Link = Schemas['LinkDto'];
export type ResolvedLink = Schemas['ResolvedLinkDto'];
export type ActivityEntry = Schemas['ActivityEntryDto'];
export type ActionOwner = Schemas['UserRefDto'];
export type ActionItem = Schemas['ActionDto'];
export type NewAction = Schemas['CreateActionDto'];
export type ActionPatch = Schemas['UpdateActionDto'];
export type ActionSort = Schemas['ActionSort'];
export type Decision = Schemas['DecisionDto'];
export type NewDecision = Schemas['CreateDecisionDto'];
export type DecisionPatch = Schemas['UpdateDecisionDto'];
export type Stance = Schemas['Stance'];
export type StanceChoice = Schemas['SetStanceDto'];
export type DecisionStance = Schemas['StanceDto'];
export type Tally = Schemas['TallyDto'];

/** `GET /actions` parameters, lists as arrays and flags as booleans (the client joins them). */
export interface ActionListQuery {
  status?: ActionStatus[];
  ownerId?: string;
  priority?: Priority;
  overdue?: boolean;
  dueFrom?: IsoDate;
  dueTo?: IsoDate;
  briefingId?: string;
  /** Comma list: tied to a briefing with any of these tags. */
  tag?: string;
  /** Actions linked to one thing ("the source shows its actions"). */
  linkType?: LinkType;
  linkId?: string;
  sort?: ActionSort;
  page?: number;
  limit?: number;
}

export interface DecisionListQuery {
  status?: DecisionStatus[];
  reviewDue?: boolean;
  /** Comma list: tied to a briefing with any of these tags. */
  tag?: string;
  /** Decided on or after / before (inclusive). */
  decidedFrom?: IsoDate;
  decidedTo?: IsoDate;
  /** Who accepted it: a user id. */
  decidedBy?: string;
  /** Proposed in, or linked to, this thread (or one of its comments). */
  threadId?: string;
  sort?: Schemas['DecisionSort'];
  page?: number;
  limit?: number;
}

// Search
export type SearchType = Schemas['SearchType'];
/** `GET /search` filters; also what a saved search stores. Lists are comma-joined on the wire. */
export type SearchFilters = Schemas['SearchFilters'];
export type SearchQuery = NonNullable<operations['search']['parameters']['query']>;
export type SearchPerson = Schemas['SearchPersonDto'];
export type SearchHit = Schemas['SearchHitDto'];
export type SearchResult = Schemas['SearchResultDto'];
export type SavedSearch = Schemas['SavedSearchDto'];
export type NewSavedSearch = Schemas['CreateSavedSearchDto'];

// Inbound integrations: e-mail in and the signed webhook
export type Integration = Schemas['IntegrationDto'];
export type NewIntegration = Schemas['CreateIntegrationDto'];
/** What creating an integration answers: its address and secret, shown this once. */
export type CreatedIntegration = Schemas['CreatedIntegrationDto'];
export type RotatedIntegrationSecret = Schemas['RotatedSecretDto'];
export type RotatedIntegrationAddress = Schemas['RotatedAddressDto'];

// Feed subscriptions
export type Feed = Schemas['FeedDto'];
export type NewFeed = Schemas['CreateFeedDto'];
export type FeedPatch = Schemas['UpdateFeedDto'];
/** What polling a feed now answers: the briefings its new entries became. */
export type FeedPoll = Schemas['FeedPollDto'];

// Outbound webhooks and notification e-mail
export type Webhook = Schemas['WebhookDto'];
export type NewWebhook = Schemas['CreateWebhookDto'];
export type WebhookPatch = Schemas['UpdateWebhookDto'];
/** What creating a webhook answers: the hook and its signing secret, shown this once. */
export type CreatedWebhook = Schemas['CreatedWebhookDto'];
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type NotificationPreference = Schemas['NotificationPreferenceDto'];
export type Unsubscribed = Schemas['UnsubscribedDto'];
export type AtomFeed = Schemas['AtomFeedDto'];
export type NewAtomFeed = Schemas['CreateAtomFeedDto'];
export type CreatedAtomFeed = Schemas['CreatedAtomFeedDto'];
export type NotificationMailKind = Schemas['NotificationMailKind'];
export type NotificationMailMode = Schemas['NotificationMailMode'];

// The audit log
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditPage = Schemas['AuditPageDto'];
export type AuditQuery = NonNullable<operations['listAuditEvents']['parameters']['query']>;

/** The facets the API counts, in the order the search page shows them. */
export const FACETS = ['type', 'tags', 'status', 'series', 'section', 'priority'] as const;
export type FacetName = (typeof FACETS)[number];

// The API's enum values, in its order, under the names the pages use.
export const ACTION_STATUSES = actionStatusValues;
export const PRIORITIES = priorityValues;
export const DECISION_STATUSES = decisionStatusValues;
export const LINK_TYPES = linkTypeValues;
export const THREAD_STATES = threadStateValues;
export const REACTION_NAMES = reactionValues;
export const SOURCE_FORMATS = sourceFormatValues;
export const SEARCH_TYPES = searchTypeValues;
/** Thread states, action statuses and decision statuses: the `status` filter takes any of them. */
export const SEARCH_STATUSES = [
  ...new Set([...threadStateValues, ...actionStatusValues, ...decisionStatusValues]),
] as Array<ThreadState | ActionStatus | DecisionStatus>;
export type SearchStatus = ThreadState | ActionStatus | DecisionStatus;

// Account recovery, e-mail address and sessions
export type Accepted = Schemas['AcceptedDto'];
export type PasswordResetRequest = Schemas['RequestPasswordResetDto'];
export type PasswordResetConfirmation = Schemas['ConfirmPasswordResetDto'];
export type ResetLink = Schemas['ResetLinkDto'];
export type EmailChange = Schemas['ChangeEmailDto'];
export type AccountSession = Schemas['AccountSessionDto'];
