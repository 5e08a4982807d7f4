import type { FeedPollPassResult } from '../feeds/feeds.service.js';
import type { ReminderPassResult } from '../reminders/reminders.service.js';
import type { SavedSearchAlertPassResult } from '../search/saved-search-alerts.js';
import type { ReembedResult } from '../search/search-reindexer.js';

/** Every job that runs through the queue; the value is its pg-boss queue name. */
export const JobName = {
  /** Reminders that came due, the daily digest and pending reminder e-mails. */
  ReminderPass: 'reminder-pass',
  /** Saved-search alerts for what was indexed since the last pass. */
  SavedSearchAlertPass: 'saved-search-alert-pass',
  /** Feed subscriptions that came due: conditional GET, new entries imported once. */
  FeedPollPass: 'feed-poll-pass',
  /** A password-reset e-mail, sent in the background so the request answers alike for every address. */
  PasswordResetMail: 'password-reset-mail',
  /** Search vectors for every document (the embedder changed, or documents were indexed without). */
  SearchReembed: 'search-reembed',
  /** Outbound webhook deliveries that came due (new, or retried after back-off). */
  WebhookDeliveryPass: 'webhook-delivery-pass',
  /** Notification e-mails that came due: sent at once, batched, or in the daily digest. */
  NotificationMailPass: 'notification-mail-pass',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** A periodic pass; `now` (ISO time) runs it as of a fixed moment, as tests do. */
export interface PassPayload {
  now?: string;
}

/** What each job takes. */
export interface JobPayloads {
  [JobName.ReminderPass]: PassPayload;
  [JobName.SavedSearchAlertPass]: PassPayload;
  [JobName.FeedPollPass]: PassPayload;
  [JobName.PasswordResetMail]: { email: string; ip: string | null };
  [JobName.SearchReembed]: Record<string, never>;
  [JobName.WebhookDeliveryPass]: PassPayload;
  [JobName.NotificationMailPass]: PassPayload;
}

/** What each job's handler returns (kept by pg-boss as the job's output). */
export interface JobResults {
  [JobName.ReminderPass]: ReminderPassResult;
  [JobName.SavedSearchAlertPass]: SavedSearchAlertPassResult;
  [JobName.FeedPollPass]: FeedPollPassResult;
  [JobName.PasswordResetMail]: { sent: boolean };
  [JobName.SearchReembed]: ReembedResult;
  [JobName.WebhookDeliveryPass]: { attempted: number; delivered: number };
  [JobName.NotificationMailPass]: { sent: number; failed: number };
}
