import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { MAIL_KINDS, MailTokens, type MailKind } from './mail-tokens.js';
import { DEFAULT_MODE } from './notification-mail.service.js';
import { NotificationMailRepository } from './notification-mail.repository.js';
import type { NotificationPreferenceDto } from './notification-preferences.dto.js';

/** Each user's e-mail choice per kind, and one-click unsubscribe by signed token. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly mails: NotificationMailRepository,
    private readonly tokens: MailTokens,
  ) {}

  async get(auth: AuthContext): Promise<{ preferences: NotificationPreferenceDto[] }> {
    const chosen = await this.mails.preferences(auth.user.id);
    return {
      preferences: MAIL_KINDS.map((kind) => ({ kind, mode: chosen.get(kind) ?? DEFAULT_MODE })),
    };
  }

  async update(
    auth: AuthContext,
    preferences: NotificationPreferenceDto[],
  ): Promise<{ preferences: NotificationPreferenceDto[] }> {
    const kinds = preferences.map((entry) => entry.kind);
    if (new Set(kinds).size !== kinds.length)
      throw new DomainError('VALIDATION_FAILED', 'Each kind may appear once.', [
        { field: 'preferences', problems: ['a kind appears twice'] },
      ]);
    await this.mails.setPreferences(auth.user.id, preferences);
    return this.get(auth);
  }

  /** What a link would turn off (GET: link scanners must change nothing), or turns it off (POST). */
  async unsubscribe(
    token: string,
    apply: boolean,
  ): Promise<{ kind: MailKind | 'all'; unsubscribed: boolean }> {
    const target = await this.tokens.readUnsubscribe(token);
    if (!target || !(await this.mails.userExists(target.userId)))
      throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
    if (apply) {
      const kinds = target.kind === 'all' ? [...MAIL_KINDS] : [target.kind];
      await this.mails.setPreferences(
        target.userId,
        kinds.map((kind) => ({ kind, mode: 'never' as const })),
      );
    }
    return { kind: target.kind, unsubscribed: apply };
  }
}
