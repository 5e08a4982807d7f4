import { Injectable, Inject, Logger } from '@nestjs/common';
import { hashSecret } from '../auth/token-hash.js';
import {
  BriefingsService,
  type ImportRequest,
  type ImportResult,
} from '../briefings/briefings.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { IntegrationsRepository, type DeliveryTarget } from './integrations.repository.js';
import { MAILBOX } from './integrations.service.js';
import { readMail, UnreadableMailError } from './mail-document.js';
import { verifyWebhook } from './standard-webhook.js';

/** An SMTP answer to a mail that is not taken: `code` 5xx bounces it, 4xx asks the sender to retry. */
export class MailRefusal extends Error {
  override readonly name = 'MailRefusal';

  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    // one line of printable text: it goes back on the SMTP connection as is
    super(message.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 400));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deliveries through an integration (mail to its address, signed webhooks): each imports as the
 * operator into the integration's series and audience, and leaves when and whether it worked.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly briefings: BriefingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The active integration a recipient address names: `briefings+<token>@<domain>`, case aside. */
  async recipient(address: string): Promise<DeliveryTarget | undefined> {
    const domain = this.config.inboundMail?.domain;
    const at = address.lastIndexOf('@');
    if (!domain || at < 0 || address.slice(at + 1).toLowerCase() !== domain) return undefined;
    const local = address.slice(0, at).toLowerCase();
    const token = local.startsWith(`${MAILBOX}+`) ? local.slice(MAILBOX.length + 1) : '';
    if (!/^[0-9a-f]{40}$/.test(token)) return undefined;
    return this.integrations.findActiveByEmailToken(hashSecret(token));
  }

  /**
   * Imports a received mail into the integration it was addressed to (the listener admits one per
   * message); a re-delivery (same Message-ID) is taken without importing again. Throws a
   * MailRefusal the sender sees.
   */
  async receiveMail(recipients: string[], raw: Buffer): Promise<void> {
    const targets = new Map<string, DeliveryTarget>();
    for (const address of recipients) {
      const target = await this.recipient(address);
      if (target) targets.set(target.id, target);
    }
    if (targets.size === 0) throw new MailRefusal(550, '5.1.1 No active Briefroom address here');
    let mail;
    try {
      mail = await readMail(raw);
    } catch (error) {
      for (const target of targets.values())
        await this.integrations.recordDelivery(target.id, messageOf(error));
      if (error instanceof UnreadableMailError)
        throw new MailRefusal(554, `5.6.0 ${error.message}`);
      throw new MailRefusal(554, '5.6.0 The message could not be read as MIME.');
    }
    for (const target of targets.values()) {
      if (!(await this.integrations.claimMessage(target.id, mail.messageId))) continue;
      try {
        await this.importFor(target, {
          contentType: mail.contentType,
          body: mail.content,
          overrides: { publishedOn: mail.publishedOn },
          source: 'mail',
        });
      } catch (error) {
        await this.integrations.releaseMessage(target.id, mail.messageId);
        if (error instanceof DomainError && error.status < 500)
          throw new MailRefusal(554, `5.6.0 Not imported: ${error.message}`);
        this.logger.error({ err: error, integrationId: target.id }, 'mail import failed');
        throw new MailRefusal(
          451,
          '4.3.0 Briefroom could not store the message now; try again later.',
        );
      }
    }
  }

  /**
   * A signed delivery: the integration named in the query, a Standard Webhooks signature over the
   * exact bytes received, then an import. Every failure to authenticate is a 401 INVALID_CREDENTIALS
   * (UNAUTHENTICATED means "sign in", which no webhook sender can do).
   */
  async receiveWebhook(
    integrationId: unknown,
    headers: Record<string, string | string[] | undefined>,
    raw: Buffer,
    contentType: string | undefined,
  ): Promise<ImportResult> {
    const target =
      typeof integrationId === 'string' && UUID.test(integrationId)
        ? await this.integrations.findActive(integrationId)
        : undefined;
    if (!target) {
      throw new DomainError(
        'INVALID_CREDENTIALS',
        'No active integration has this id: post to the webhook URL the integration shows.',
      );
    }
    const verdict = verifyWebhook(target.webhookSecret, headers, raw);
    if (!verdict.ok) {
      throw new DomainError(
        'INVALID_CREDENTIALS',
        `The webhook signature is not valid: ${verdict.reason}.`,
      );
    }
    // the signed bytes are the document: the import decodes them by their declared charset
    return this.importFor(target, { contentType, body: raw, source: 'webhook' });
  }

  private async importFor(target: DeliveryTarget, request: ImportRequest): Promise<ImportResult> {
    try {
      const result = await this.briefings.import(null, {
        ...request,
        overrides: {
          ...request.overrides,
          series: target.series,
          visibility: target.visibility,
          groupIds: target.groupIds,
        },
      });
      await this.integrations.recordDelivery(target.id, null);
      return result;
    } catch (error) {
      if (error instanceof DomainError && error.status < 500)
        await this.integrations.recordDelivery(target.id, error.message);
      throw error;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof UnreadableMailError
    ? error.message
    : 'The message could not be read as MIME.';
}
