import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { Mailer } from '../mail/mailer.js';
import type { Kysely } from 'kysely';
import type { DB } from '../database/schema.js';
import { DomainEventRelay } from '../domain-events/domain-event-relay.js';
import type { DomainEvent } from '../domain-events/domain-events.js';
import { excerptOf } from '../webhooks/webhook-event-facts.js';
import { MailTokens, type MailKind } from './mail-tokens.js';
import { renderNotificationMail, type MailEntry } from './notification-mail-templates.js';
import {
  NotificationMailRepository,
  type ClaimedMail,
  type MailMode,
  type QueuedMail,
} from './notification-mail.repository.js';

/** Every kind is e-mailed at once unless the user chose otherwise. */
export const DEFAULT_MODE: MailMode = 'immediately';
const CLAIM_BATCH = 200;
const RETRY_MS = 60_000;
const MAX_TIMER_MS = 5 * 60_000;
const EXCERPT_CHARS = 280;

const KIND_LABEL: Record<MailKind, string> = {
  mention: 'mention',
  reply: 'reply',
  activity: 'followed-thread',
  decision: 'decision',
  'action.assigned': 'assignment',
};

/** The next daily digest time (DIGEST_HOUR, UTC) after `now`. */
export function nextDigestAt(now: Date, digestHour: number): Date {
  const at = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), digestHour),
  );
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/**
 * Notification e-mail: committed events (a comment's mentions, replies and followers, decisions
 * on followed threads, assignments) are queued per recipient as their preference says (at once;
 * followed threads after NOTIFICATION_BATCH_SECONDS so a busy thread is one e-mail; the daily
 * digest; never). A pg-boss pass sends what came due: one e-mail per recipient per pass, from one
 * HTML and one text template, with RFC 8058 one-click unsubscribe and, when e-mail in is on, signed
 * reply addresses: the Reply-To when every entry is in one thread, else one per thread's entries.
 */
@Injectable()
export class NotificationMailService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationMailService.name);
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly mails: NotificationMailRepository,
    private readonly tokens: MailTokens,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly events: DomainEventRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.mailer.enabled) return;
    this.jobs.register(JobName.NotificationMailPass, {
      handler: () => this.runPass(),
      cron: '* * * * *',
      retryLimit: 0,
      expireInSeconds: 15 * 60,
    });
    this.events.subscribe('notification-mail', {
      handle: (event, trx, occurredAt) => this.onEvent(event, trx, occurredAt),
    });
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /**
   * Queues the e-mails an event means, through `trx` (the relay's transaction that marks the event
   * handled: queued once, whatever the replays); timed from `now`, when the change happened.
   * Returns what to do once they commit.
   */
  async onEvent(event: DomainEvent, trx: Kysely<DB>, now: Date): Promise<(() => void) | void> {
    const queued: QueuedMail[] = [];
    switch (event.type) {
      case 'comment.created': {
        for (const row of await this.mails.commentRecipients(event.commentId))
          queued.push({ ...row, commentId: event.commentId, dueAt: now });
        break;
      }
      case 'decision.proposed':
      case 'decision.accepted': {
        const { threadId, userIds } = await this.mails.decisionFollowers(
          event.decisionId,
          event.actorId,
        );
        for (const userId of userIds)
          queued.push({
            userId,
            kind: 'decision',
            threadId,
            decisionId: event.decisionId,
            actorId: event.actorId,
            dueAt: now,
          });
        break;
      }
      case 'action.assigned':
        if (event.ownerId !== event.actorId)
          queued.push({
            userId: event.ownerId,
            kind: 'action.assigned',
            actionId: event.actionId,
            actorId: event.actorId,
            dueAt: now,
          });
        break;
      default:
        return;
    }
    const timed = await this.applyPreferences(queued, now);
    await this.mails.enqueue(timed, trx);
    if (!timed.length) return;
    return timed.some((mail) => mail.dueAt.getTime() <= Date.now())
      ? () => this.kick()
      : () => void this.scheduleNext();
  }

  /** Drops what users turned off, moves digest kinds to the digest hour and batches followed threads. */
  private async applyPreferences(queued: QueuedMail[], now: Date): Promise<QueuedMail[]> {
    const kept: QueuedMail[] = [];
    for (const kind of new Set(queued.map((mail) => mail.kind))) {
      const ofKind = queued.filter((mail) => mail.kind === kind);
      const modes = await this.mails.modes([...new Set(ofKind.map((mail) => mail.userId))], kind);
      for (const mail of ofKind) {
        if (!modes.has(mail.userId)) continue; // inactive
        const mode = modes.get(mail.userId) ?? DEFAULT_MODE;
        if (mode === 'never') continue;
        const dueAt =
          mode === 'digest'
            ? nextDigestAt(now, this.config.digestHour)
            : kind === 'activity'
              ? new Date(now.getTime() + this.config.notificationBatchSeconds * 1000)
              : now;
        kept.push({ ...mail, dueAt });
      }
    }
    return kept;
  }

  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.jobs.send(JobName.NotificationMailPass, {}).catch((error: unknown) => {
      this.logger.warn(
        { err: error },
        'notification mail pass not queued; the minutely pass sends it',
      );
    });
  }

  async runPass(): Promise<{ sent: number; failed: number }> {
    this.running = true;
    let sent = 0;
    let failed = 0;
    try {
      for (;;) {
        this.again = false;
        const claimed = await this.mails.claimDue(
          CLAIM_BATCH,
          this.config.notificationBatchSeconds * 1000,
        );
        if (!claimed.length && !this.again) break;
        const byUser = new Map<string, ClaimedMail[]>();
        for (const mail of claimed.filter((row) => row.readable))
          byUser.set(mail.userId, [...(byUser.get(mail.userId) ?? []), mail]);
        for (const mails of byUser.values()) {
          try {
            await this.send(mails);
            sent += 1;
          } catch (error) {
            failed += 1;
            this.logger.warn(
              { err: error },
              'a notification e-mail was not sent; retried in a minute',
            );
            await this.mails.release(
              mails.map((mail) => mail.id),
              RETRY_MS,
            );
          }
        }
      }
    } finally {
      this.running = false;
      await this.scheduleNext();
    }
    return { sent, failed };
  }

  private async send(mails: ClaimedMail[]): Promise<void> {
    const [first] = mails;
    const origin = this.config.publicUrl.origin;
    const kinds = [...new Set(mails.map((mail) => mail.kind))];
    const unsubscribeKind = kinds.length === 1 ? kinds[0] : 'all';
    const unsubscribeToken = await this.tokens.unsubscribeToken(first.userId, unsubscribeKind);
    // the header's address takes RFC 8058's one-click POST; the body's link opens a page that asks first
    const unsubscribeUrl = `${origin}/api/notification-mail/unsubscribe?token=${unsubscribeToken}`;
    const unsubscribePage = `${origin}/unsubscribe?token=${unsubscribeToken}`;
    const threads = new Set(mails.map((mail) => mail.threadId));
    const replyThread =
      threads.size === 1 && first.threadId && first.kind !== 'action.assigned'
        ? first.threadId
        : null;
    const domain = this.config.inboundMail?.domain;
    const replyTo =
      replyThread && domain
        ? `reply+${await this.tokens.replyToken(first.id, first.userId, replyThread)}@${domain}`
        : undefined;
    // In an e-mail about several threads, each thread's last entry carries that thread's own signed
    // reply address (the token names that entry's row: its user, thread and comment).
    const replyRows = new Map<string, ClaimedMail>();
    if (!replyThread && domain && threads.size > 1)
      for (const mail of mails)
        if (mail.threadId && mail.kind !== 'action.assigned') replyRows.set(mail.threadId, mail);
    const entryReplies = replyRows.size > 0;
    const ordered = entryReplies ? byThread(mails) : mails;
    const entries: MailEntry[] = [];
    for (const mail of ordered) {
      const entry = entryOf(mail, origin);
      if (mail.threadId && replyRows.get(mail.threadId) === mail)
        entry.replyTo = `reply+${await this.tokens.replyToken(mail.id, mail.userId, mail.threadId)}@${domain}`;
      entries.push(entry);
    }
    const subject =
      mails.length === 1
        ? `[Briefroom] ${entries[0].headline}`
        : `[Briefroom] ${mails.length} updates${replyThread && first.threadTitle ? ` in “${clip(first.threadTitle, 80)}”` : ''}`;
    const parts = renderNotificationMail({
      recipientName: first.recipientName,
      intro:
        mails.length === 1
          ? introOf(first)
          : `Here is what happened while you were away (${mails.length} updates).`,
      entries,
      replyHint: replyTo !== undefined,
      entryReplies,
      settingsUrl: `${origin}/account#notifications`,
      unsubscribeUrl: unsubscribePage,
      unsubscribeLabel:
        unsubscribeKind === 'all'
          ? 'Stop these e-mails'
          : `Stop ${KIND_LABEL[unsubscribeKind]} e-mails`,
    });
    await this.mailer.send({
      to: first.email,
      subject,
      text: parts.text,
      html: parts.html,
      replyTo,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
        ...(replyThread ? { 'X-Briefroom-Thread': replyThread } : {}),
      },
    });
  }

  private async scheduleNext(): Promise<void> {
    if (this.closed || !this.mailer.enabled) return;
    const due = await this.mails.nextDue().catch(() => undefined);
    if (!due) return;
    const at = Math.max(due.getTime(), Date.now());
    if (at - Date.now() > MAX_TIMER_MS || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      this.timer = undefined;
      this.kick();
    }, at - Date.now());
    this.timer.unref();
  }
}

/** Entries of one thread together (in the order each thread first appears), the rest after. */
function byThread(mails: ClaimedMail[]): ClaimedMail[] {
  const groups = new Map<string, ClaimedMail[]>();
  for (const mail of mails) {
    const key = mail.threadId && mail.kind !== 'action.assigned' ? mail.threadId : `#${mail.id}`;
    groups.set(key, [...(groups.get(key) ?? []), mail]);
  }
  return [...groups.values()].flat();
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1).trimEnd()}…` : text;
}

function introOf(mail: ClaimedMail): string {
  const who = mail.actorName ?? 'Someone';
  switch (mail.kind) {
    case 'mention':
      return `${who} mentioned you.`;
    case 'reply':
      return `${who} replied to you.`;
    case 'activity':
      return `There is news in a thread you follow.`;
    case 'decision':
      return `A decision in a thread you follow was ${mail.decisionStatus === 'accepted' ? 'accepted' : 'proposed'}.`;
    case 'action.assigned':
      return `${who} assigned you an action item.`;
  }
}

/** An entry: the headline, the excerpt of what was said (not only the prompt), the exact link. */
export function entryOf(mail: ClaimedMail, origin: string): MailEntry {
  const who = mail.actorName ?? 'Someone';
  const thread = clip(mail.threadTitle ?? '', 80);
  switch (mail.kind) {
    case 'mention':
    case 'reply':
    case 'activity':
      return {
        headline:
          mail.kind === 'mention'
            ? `${who} mentioned you in “${thread}”`
            : mail.kind === 'reply'
              ? `${who} replied to you in “${thread}”`
              : `${who} commented in “${thread}”`,
        excerpt: mail.commentBody ? excerptOf(mail.commentBody, EXCERPT_CHARS) : null,
        url: `${origin}/threads/${mail.threadId}#comment-${mail.commentId}`,
      };
    case 'decision':
      return {
        headline: `Decision ${mail.decisionStatus === 'accepted' ? 'accepted' : 'proposed'}: ${mail.decisionTitle ?? ''}`,
        excerpt: mail.decisionStatement ? excerptOf(mail.decisionStatement, EXCERPT_CHARS) : null,
        url: `${origin}/decisions/${mail.decisionId}`,
      };
    case 'action.assigned':
      return {
        headline: `${who} assigned you: ${mail.actionTitle ?? ''}`,
        excerpt: mail.actionDueOn ? `Due ${mail.actionDueOn}` : null,
        url: `${origin}/actions/${mail.actionId}`,
      };
  }
}
