import { DataSource, type DataSourceOptions } from 'typeorm';
import { ApiTokenEntity } from '../auth/api-token.entity.js';
import { LoginAttemptEntity } from '../auth/login-attempt.entity.js';
import { SessionEntity } from '../auth/session.entity.js';
import { InviteEntity } from '../users/invite.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { Accounts1764284400000 } from './migrations/1764284400000-Accounts.js';
import { Briefings1764288000000 } from './migrations/1764288000000-Briefings.js';
import { Discussions1764291600000 } from './migrations/1764291600000-Discussions.js';
import { ActionsDecisions1764295200000 } from './migrations/1764295200000-ActionsDecisions.js';
import { FollowUpBriefings1764302400000 } from './migrations/1764302400000-FollowUpBriefings.js';
import { Reminders1764306000000 } from './migrations/1764306000000-Reminders.js';
import { ReminderEntity } from '../reminders/reminder.entity.js';
import { Search1764298800000 } from './migrations/1764298800000-Search.js';
import { SavedSearchAlerts1764309600000 } from './migrations/1764309600000-SavedSearchAlerts.js';
import { ActionWatchers1764313200000 } from './migrations/1764313200000-ActionWatchers.js';
import { BriefingIdentityPerReader1764320400000 } from './migrations/1764320400000-BriefingIdentityPerReader.js';
import { NotificationPages1764324000000 } from './migrations/1764324000000-NotificationPages.js';
import { CalendarFeedCeiling1764327600000 } from './migrations/1764327600000-CalendarFeedCeiling.js';
import { UserHandles1764331200000 } from './migrations/1764331200000-UserHandles.js';
import { ItemLinks1764338400000 } from './migrations/1764338400000-ItemLinks.js';
import { ActionWatcherEntity } from '../actions/action-watcher.entity.js';
import { BriefingEntity } from '../briefings/briefing.entity.js';
import { SectionEntity } from '../briefings/section.entity.js';
import { GroupEntity } from '../groups/group.entity.js';
import { ThreadEntity } from '../discussions/thread.entity.js';
import { CommentEntity } from '../discussions/comment.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { ActionItemEntity } from '../actions/action-item.entity.js';
import { DecisionEntity } from '../decisions/decision.entity.js';
import { FollowUpLinkEntity } from '../links/follow-up-link.entity.js';
import { ActivityEntity } from '../links/activity.entity.js';
import { CalendarFeedEntity } from '../actions/calendar-feed.entity.js';
import { SearchOutboxEntity } from '../search/search-outbox.entity.js';
import { DomainEventEntity } from '../domain-events/domain-event.entity.js';
import { SearchSynonymEntity } from '../search/search-synonym.entity.js';
import { SavedSearchEntity } from '../search/saved-search.entity.js';
import { BriefingGroupEntity } from '../briefings/briefing-group.entity.js';
import { TagEntity } from '../briefings/tag.entity.js';
import { BriefingTagEntity } from '../briefings/briefing-tag.entity.js';
import { BriefingReadEntity } from '../briefings/briefing-read.entity.js';
import { ItemEntity } from '../briefings/item.entity.js';
import { DiscussionPromptEntity } from '../briefings/discussion-prompt.entity.js';
import { CommentRevisionEntity } from '../discussions/comment-revision.entity.js';
import { CommentReactionEntity } from '../discussions/comment-reaction.entity.js';
import { ThreadEventEntity } from '../discussions/thread-event.entity.js';
import { ThreadFollowEntity } from '../discussions/thread-follow.entity.js';
import { ThreadReadEntity } from '../discussions/thread-read.entity.js';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity.js';
import { GroupMemberEntity } from '../groups/group-member.entity.js';
import { InboundIntegrations1764345600000 } from './migrations/1764345600000-InboundIntegrations.js';
import { InboundIntegrationEntity } from '../inbound/inbound-integration.entity.js';
import { InboundIntegrationGroupEntity } from '../inbound/inbound-integration-group.entity.js';
import { InboundMessageEntity } from '../inbound/inbound-message.entity.js';
import { FeedSubscriptions1764360000000 } from './migrations/1764360000000-FeedSubscriptions.js';
import { FeedSubscriptionEntity } from '../feeds/feed-subscription.entity.js';
import { FeedEntrySeenEntity } from '../feeds/feed-entry-seen.entity.js';
import { AuditLog1764364500000 } from './migrations/1764364500000-AuditLog.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { TotpSecondFactor1764379200000 } from './migrations/1764379200000-TotpSecondFactor.js';
import {
  SecuritySettingEntity,
  TotpChallengeEntity,
  TotpRecoveryCodeEntity,
  UserTotpEntity,
} from '../auth/totp/totp.entities.js';
import { AccountLinks1764369000000 } from './migrations/1764369000000-AccountLinks.js';
import { PasswordResetTokenEntity } from '../auth/password-reset.entity.js';
import { EmailChangeTokenEntity } from '../auth/profile.entity.js';
import { SetupCodes1764368400000 } from './migrations/1764368400000-SetupCodes.js';
import { SetupCodeEntity } from '../auth/setup-code.entity.js';
import { OidcSignIn1764368700000 } from './migrations/1764368700000-OidcSignIn.js';
import { OidcSignInEntity } from '../auth/oidc/oidc-sign-in.entity.js';
import { ThreadShortTitle1764420000000 } from './migrations/1764420000000-ThreadShortTitle.js';
import { DecisionStances1764420100000 } from './migrations/1764420100000-DecisionStances.js';
import { DurableDomainEvents1764430000000 } from './migrations/1764430000000-DurableDomainEvents.js';
import { DecisionStanceEntity } from '../decisions/decision-stance.entity.js';
import { DefaultSearchSynonyms1764400000000 } from './migrations/1764400000000-DefaultSearchSynonyms.js';
import { WhereTheTeamIs1764410000000 } from './migrations/1764410000000-WhereTheTeamIs.js';
import { NotificationPreferenceEntity } from '../notification-mail/notification-preference.entity.js';
import { NotificationEmailEntity } from '../notification-mail/notification-email.entity.js';
import { AppSecretEntity } from '../notification-mail/app-secret.entity.js';
import { WebhookEntity } from '../webhooks/webhook.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity.js';
import { OutsideFeedEntity } from '../outside-feeds/outside-feed.entity.js';
import { AdvisoryLock } from './advisory-locks.js';

export const ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  InviteEntity,
  LoginAttemptEntity,
  GroupEntity,
  GroupMemberEntity,
  BriefingEntity,
  BriefingGroupEntity,
  TagEntity,
  BriefingTagEntity,
  BriefingReadEntity,
  SectionEntity,
  ItemEntity,
  DiscussionPromptEntity,
  ThreadEntity,
  CommentEntity,
  CommentRevisionEntity,
  CommentReactionEntity,
  ThreadEventEntity,
  ThreadFollowEntity,
  ThreadReadEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  ActionItemEntity,
  DecisionEntity,
  FollowUpLinkEntity,
  ActivityEntity,
  CalendarFeedEntity,
  ReminderEntity,
  SearchOutboxEntity,
  DomainEventEntity,
  SearchSynonymEntity,
  SavedSearchEntity,
  ActionWatcherEntity,
  FeedSubscriptionEntity,
  FeedEntrySeenEntity,
  InboundIntegrationEntity,
  InboundIntegrationGroupEntity,
  InboundMessageEntity,
  SetupCodeEntity,
  OidcSignInEntity,
  AuditEventEntity,
  UserTotpEntity,
  TotpRecoveryCodeEntity,
  TotpChallengeEntity,
  SecuritySettingEntity,
  PasswordResetTokenEntity,
  EmailChangeTokenEntity,
  DecisionStanceEntity,
  NotificationPreferenceEntity,
  NotificationEmailEntity,
  AppSecretEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  OutsideFeedEntity,
];

/** Migrations in order; a new one is added here by `npm run migration:generate`. */
export const MIGRATIONS = [
  Accounts1764284400000,
  Briefings1764288000000,
  Discussions1764291600000,
  ActionsDecisions1764295200000,
  Search1764298800000,
  FollowUpBriefings1764302400000,
  Reminders1764306000000,
  SavedSearchAlerts1764309600000,
  ActionWatchers1764313200000,
  BriefingIdentityPerReader1764320400000,
  NotificationPages1764324000000,
  CalendarFeedCeiling1764327600000,
  UserHandles1764331200000,
  ItemLinks1764338400000,
  InboundIntegrations1764345600000,
  FeedSubscriptions1764360000000,
  AuditLog1764364500000,
  SetupCodes1764368400000,
  OidcSignIn1764368700000,
  TotpSecondFactor1764379200000,
  AccountLinks1764369000000,
  ThreadShortTitle1764420000000,
  DecisionStances1764420100000,
  DefaultSearchSynonyms1764400000000,
  WhereTheTeamIs1764410000000,
  DurableDomainEvents1764430000000,
];

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all',
    synchronize: false,
    // Failures surface as exceptions, logged once by the error filter with the request's id.
    logging: false,
    // A database that accepts connections but never answers must not hold requests for ever.
    // Queries run on Kysely's pool (database.ts); TypeORM keeps the schema: migrations and entities.
    extra: {
      max: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      application_name: 'briefroom',
    },
  };
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations])
      .catch(() => undefined);
    await runner.release();
  }
}
