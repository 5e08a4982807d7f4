import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { Database } from '../database/database.js';

/** The e-mail kinds a user chooses for, in a fixed order (an unsubscribe token names one by index). */
export const MAIL_KINDS = ['mention', 'reply', 'activity', 'decision', 'action.assigned'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

const KEY_NAME = 'notification-mail-key';
const hex = (id: string) => id.replaceAll('-', '').toLowerCase();
const uuid = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/**
 * Signed tokens in notification e-mail, keyed by a server secret made on first use and kept in
 * PostgreSQL (every replica signs alike): reply addresses (`reply+<token>@…`, per user and thread,
 * lower-case hex so a mail server that folds case keeps them valid) and one-click unsubscribe
 * links (per user, and per kind or all). Nothing in them is secret but the signature.
 */
@Injectable()
export class MailTokens {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly db: Database) {}

  /** `<mail id><16 hex of HMAC(mail id, user, thread)>`: 48 characters, within a 64-byte local part. */
  async replyToken(mailId: string, userId: string, threadId: string): Promise<string> {
    return (
      hex(mailId) + (await this.sign(`reply:${hex(mailId)}:${userId}:${threadId}`)).slice(0, 16)
    );
  }

  /** The mail id a reply token names, if well formed; `checkReply` then proves it. */
  replyMailId(token: string): string | undefined {
    return /^[0-9a-f]{48}$/.test(token) ? uuid(token.slice(0, 32)) : undefined;
  }

  async checkReply(token: string, userId: string, threadId: string): Promise<boolean> {
    const mailId = this.replyMailId(token);
    if (!mailId) return false;
    return equal(token, await this.replyToken(mailId, userId, threadId));
  }

  /** `<user><kind index, or a = all><32 hex of HMAC>`. */
  async unsubscribeToken(userId: string, kind: MailKind | 'all'): Promise<string> {
    const code = kind === 'all' ? 'a' : String(MAIL_KINDS.indexOf(kind));
    const body = hex(userId) + code;
    return body + (await this.sign(`unsubscribe:${body}`)).slice(0, 32);
  }

  async readUnsubscribe(
    token: string,
  ): Promise<{ userId: string; kind: MailKind | 'all' } | undefined> {
    const match = /^([0-9a-f]{32})([0-4a])([0-9a-f]{32})$/.exec(token);
    if (!match) return undefined;
    const expected = (await this.sign(`unsubscribe:${match[1]}${match[2]}`)).slice(0, 32);
    if (!equal(match[3], expected)) return undefined;
    return {
      userId: uuid(match[1]),
      kind: match[2] === 'a' ? 'all' : MAIL_KINDS[Number(match[2])],
    };
  }

  private async sign(text: string): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(text)
      .digest('hex');
  }

  private secret(): Promise<Buffer> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<Buffer> {
    await this.db
      .insertInto('app_secret')
      .values({ name: KEY_NAME, value: randomBytes(32).toString('base64') })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('app_secret')
      .select('value')
      .where('name', '=', KEY_NAME)
      .where(sql<boolean>`true`)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'base64');
  }
}

function equal(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
