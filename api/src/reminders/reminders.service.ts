import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { cronEvery } from '../jobs/job-schedule.js';
import { Mailer, type MailMessage } from '../mail/mailer.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import {
  RemindersRepository,
  type DigestContent,
  type NewReminderNotification,
  type PendingEmail,
} from './reminders.repository.js';

/** After this many failed sends a reminder email is given up (its notification stays). */
const MAX_EMAIL_ATTEMPTS = 5;
/** Emails sent per pass at most; the rest go on the next pass. */
const EMAILS_PER_PASS = 500;

export interface ReminderPassResult {
  notifications: number;
  digestsClaimed: number;
  emailsSent: number;
  emailsFailed: number;
}

/**
 * Reminders and the daily digest. A pass is a queued job (every REMINDER_INTERVAL_SECONDS, or
 * sent with a fixed clock), which the queue runs once at a time across processes. It claims
 * what came due in the reminder table (its unique key makes a second claim a no-op, whatever
 * process tries), writes in-app notifications, then sends the pending emails and marks each.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeGateway,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register(JobName.ReminderPass, {
      handler: ({ now }) => this.runPass(now ? new Date(now) : new Date()),
      cron: cronEvery(this.config.reminderIntervalSeconds),
      everySeconds: this.config.reminderIntervalSeconds,
      retryLimit: 3,
      expireInSeconds: 15 * 60,
    });
  }

  /**
   * One pass as of `now`. Run it through the queue (JobName.ReminderPass): two passes at once
   * would claim each reminder once but could both send the same pending e-mail.
   */
  async runPass(now: Date = new Date()): Promise<ReminderPassResult> {
    const today = now.toISOString().slice(0, 10);
    const created = await this.reminders.claimDue(today, this.mailer.enabled);
    await this.push(created);
    let digestsClaimed = 0;
    if (this.mailer.enabled && now.getUTCHours() >= this.config.digestHour) {
      for (const userId of await this.reminders.digestCandidates(today)) {
        const digest = await this.reminders.digest(userId, today);
        if (isEmpty(digest)) continue;
        if (await this.reminders.claimDigest(userId, today)) digestsClaimed += 1;
      }
    }
    const sent = this.mailer.enabled ? await this.sendPending() : { sent: 0, failed: 0 };
    return {
      notifications: created.length,
      digestsClaimed,
      emailsSent: sent.sent,
      emailsFailed: sent.failed,
    };
  }

  private async push(created: NewReminderNotification[]): Promise<void> {
    if (!created.length) return;
    const counts = await this.notifications.unreadCounts([
      ...new Set(created.map((row) => row.userId)),
    ]);
    for (const { userId, notification } of created)
      this.realtime.toUser(userId, 'notification.created', {
        notification,
        unreadCount: counts.get(userId) ?? 0,
      });
  }

  private async sendPending(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const pending of await this.reminders.pendingEmails(EMAILS_PER_PASS)) {
      const message =
        pending.kind === 'digest'
          ? await this.digestMessage(pending)
          : this.reminderMessage(pending);
      if (!message) {
        await this.reminders.markEmail(pending.id, 'skipped');
        continue;
      }
      try {
        await this.mailer.send(message);
        await this.reminders.markEmail(pending.id, 'sent');
        sent += 1;
      } catch (error) {
        failed += 1;
        const last = pending.attempts + 1 >= MAX_EMAIL_ATTEMPTS;
        await this.reminders.markEmail(pending.id, last ? 'failed' : 'pending', String(error));
        this.logger.warn({ err: error, reminder: pending.id }, 'reminder email not sent');
      }
    }
    return { sent, failed };
  }

  /** The email for one reminder, or undefined when its subject no longer needs it (done, moved, gone). */
  private reminderMessage(pending: PendingEmail): MailMessage | undefined {
    const origin = this.config.publicUrl.origin;
    const hello = `Hello ${pending.displayName},`;
    const { action, decision } = pending;
    if (pending.kind === 'decision.review_due') {
      if (!decision || decision.status !== 'accepted' || decision.reviewBy !== pending.onDate)
        return undefined;
      return {
        to: pending.email,
        subject: `Review due: ${decision.title}`,
        text: [
          hello,
          '',
          `The decision "${decision.title}" was due for review on ${pending.onDate}.`,
          '',
          `${origin}/decisions/${pending.subjectId}`,
          '',
        ].join('\n'),
      };
    }
    if (!action || ['done', 'cancelled'].includes(action.status) || action.dueOn !== pending.onDate)
      return undefined;
    const status = action.status.replace('_', ' ');
    const overdue = pending.kind === 'action.overdue';
    return {
      to: pending.email,
      subject: `${overdue ? 'Overdue' : 'Due soon'}: ${action.title}`,
      text: [
        hello,
        '',
        overdue
          ? `"${action.title}" was due on ${pending.onDate} and is still ${status}.`
          : `"${action.title}" is due on ${pending.onDate} (status: ${status}).`,
        '',
        `${origin}/actions/${pending.subjectId}`,
        '',
      ].join('\n'),
    };
  }

  private async digestMessage(pending: PendingEmail): Promise<MailMessage | undefined> {
    const digest = await this.reminders.digest(pending.userId, pending.onDate);
    if (isEmpty(digest)) return undefined;
    const origin = this.config.publicUrl.origin;
    const action = (a: DigestContent['actions'][number]) =>
      `- ${a.title} (${a.dueOn ? `due ${a.dueOn}` : 'no due date'}, ${a.status.replace('_', ' ')}) ${origin}/actions/${a.id}`;
    const sections: Array<[string, string[]]> = [
      ['Overdue', digest.actions.filter((a) => a.overdue).map(action)],
      ['Due soon', digest.actions.filter((a) => a.dueSoon).map(action)],
      ['Other open actions', digest.actions.filter((a) => !a.overdue && !a.dueSoon).map(action)],
      [
        'Decisions due for review',
        digest.reviews.map(
          (d) => `- ${d.title} (review by ${d.reviewBy}) ${origin}/decisions/${d.id}`,
        ),
      ],
    ];
    const lines = [`Hello ${pending.displayName},`, '', `Your follow-ups for ${pending.onDate}:`];
    for (const [heading, items] of sections) {
      if (!items.length) continue;
      lines.push('', `${heading} (${items.length})`, ...items);
    }
    lines.push('', `${origin}/actions`, '');
    return {
      to: pending.email,
      subject: `Your Briefroom digest for ${pending.onDate}`,
      text: lines.join('\n'),
    };
  }
}

function isEmpty(digest: DigestContent): boolean {
  return digest.actions.length === 0 && digest.reviews.length === 0;
}
