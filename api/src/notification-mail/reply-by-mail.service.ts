import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DiscussionsService } from '../discussions/discussions.service.js';
import { MailRefusal } from '../inbound/inbound.service.js';
import { roleAtLeast } from '../users/user.entity.js';
import { MailTokens } from './mail-tokens.js';
import { NotificationMailRepository } from './notification-mail.repository.js';
import { replyText } from './reply-text.js';

export const REPLY_MAILBOX = 'reply';
/** A reply longer than this is refused rather than cut (the comment limit is lower anyway). */
const MAX_REPLY_CHARS = 20_000;

/** A verified reply address: whose, and which thread (and comment) it answers. */
export interface ReplyTarget {
  mailId: string;
  userId: string;
  threadId: string;
  commentId: string | null;
}

/**
 * Reply by e-mail: a notification's Reply-To is `reply+<token>@<INBOUND_MAIL_DOMAIN>`, the token
 * signed for one user and one thread. The SMTP listener of e-mail in hands such mail here: the quoted
 * original and signatures are cut (`replyText`, on email-reply-parser; the person's own `>` quotes
 * above it stay), the sender must be the address the
 * notification went to, and the comment is posted as that user with the Message-ID as its
 * Idempotency-Key, so a re-delivered message posts once. Anything refused bounces with its reason.
 */
@Injectable()
export class ReplyByMailService {
  private readonly logger = new Logger(ReplyByMailService.name);

  constructor(
    private readonly mails: NotificationMailRepository,
    private readonly tokens: MailTokens,
    private readonly discussions: DiscussionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether an address is a reply address at all (then only this service may take it). */
  isReplyAddress(address: string): boolean {
    const domain = this.config.inboundMail?.domain;
    const at = address.lastIndexOf('@');
    return (
      !!domain &&
      at > 0 &&
      address.slice(at + 1).toLowerCase() === domain &&
      address.slice(0, at).toLowerCase().startsWith(`${REPLY_MAILBOX}+`)
    );
  }

  /** The target of a reply address whose signature holds; undefined for a bad or unknown token. */
  async target(address: string): Promise<ReplyTarget | undefined> {
    if (!this.isReplyAddress(address)) return undefined;
    const token = address.slice(REPLY_MAILBOX.length + 1, address.lastIndexOf('@')).toLowerCase();
    const mailId = this.tokens.replyMailId(token);
    if (!mailId) return undefined;
    const mail = await this.mails.mail(mailId);
    if (!mail?.threadId) return undefined;
    if (!(await this.tokens.checkReply(token, mail.userId, mail.threadId))) return undefined;
    return { mailId, userId: mail.userId, threadId: mail.threadId, commentId: mail.commentId };
  }

  /** Posts the reply; throws a MailRefusal the sender's server turns into a bounce. */
  async receive(address: string, raw: Buffer): Promise<{ commentId: string; created: boolean }> {
    const target = await this.target(address);
    if (!target)
      throw new MailRefusal(550, '5.1.1 This reply address is not valid (unknown or altered).');
    // loaded with the first reply, not with every start (as readMail does)
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(raw, {
      skipTextToHtml: true,
      skipTextLinks: true,
      checksumAlgo: false,
    });
    const account = await this.mails.account(target.userId);
    if (!account?.active)
      throw new MailRefusal(
        550,
        '5.7.1 This Briefroom account is deactivated; the reply was not posted.',
      );
    const from = mail.from?.value[0]?.address?.toLowerCase();
    if (from !== account.email.toLowerCase())
      throw new MailRefusal(
        550,
        '5.7.1 Reply from the address the notification was sent to; the reply was not posted.',
      );
    if (!roleAtLeast(account.role, 'member'))
      throw new MailRefusal(
        550,
        '5.7.1 You may no longer post in Briefroom (your role only reads).',
      );
    const text = mail.text?.trim()
      ? mail.text
      : typeof mail.html === 'string'
        ? await htmlText(mail.html)
        : '';
    // a reply that is only the quoted message (no line of its own) is empty, not the quote
    const body = replyText(text);
    if (!body)
      throw new MailRefusal(550, '5.6.0 The reply is empty once the quoted message is removed.');
    if (body.length > MAX_REPLY_CHARS)
      throw new MailRefusal(552, '5.3.4 The reply is too long to post as a comment.');
    const messageId =
      mail.messageId?.trim() || `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const auth: AuthContext = {
      user: {
        id: account.id,
        email: account.email,
        displayName: account.displayName,
        handle: account.handle,
        role: account.role,
        createdAt: account.createdAt,
      },
      role: account.role,
      via: 'bearer',
      sessionId: null,
      tokenId: null,
    };
    const key = `mail-${createHash('sha256').update(messageId).digest('hex').slice(0, 48)}`;
    try {
      const result = await this.discussions.postComment(
        auth,
        target.threadId,
        { body, parentId: target.commentId },
        key,
      );
      return { commentId: result.comment.id, created: result.status === 201 };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND')
        throw new MailRefusal(550, '5.7.1 You may no longer read or post in this thread.');
      if (error instanceof DomainError && error.status < 500)
        throw new MailRefusal(550, `5.6.0 Not posted: ${error.message}`);
      this.logger.error({ err: error }, 'a reply by e-mail could not be posted');
      throw new MailRefusal(451, '4.3.0 Briefroom could not post the reply now; try again later.');
    }
  }
}

/** The text of an HTML-only reply (linkedom loads with the first one). */
async function htmlText(html: string): Promise<string> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as {
    document: { body: { textContent: string | null } };
  };
  return document.body.textContent ?? '';
}
