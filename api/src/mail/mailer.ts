import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text` (multipart/alternative). */
  html?: string;
  /** Where replies go (reply-by-mail addresses); the From address otherwise. */
  replyTo?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/** Outgoing email over SMTP (SMTP_URL, MAIL_FROM); `enabled` is false when none is configured. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.transport = config.mail ? transportFor(config.mail.smtpUrl, config.mail.from) : undefined;
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) throw new Error('no SMTP server is configured');
    try {
      await this.transport.sendMail({ ...message, textEncoding: 'quoted-printable' });
    } catch (error) {
      this.metrics.emailsFailed.inc();
      throw error;
    }
    this.metrics.emailsSent.inc();
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
function transportFor(smtpUrl: string, from: string): Transporter {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return nodemailer.createTransport(
    {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      // A stuck server must not hold a reminder pass (and shutdown, which waits for it) for long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from },
  );
}
