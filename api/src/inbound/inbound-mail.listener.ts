import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ReplyByMailService } from '../notification-mail/reply-by-mail.service.js';
import { InboundService, MailRefusal } from './inbound.service.js';

/** An SMTP reply carried by the error a handler callback receives. */
function reply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * E-mail in: an SMTP listener (INBOUND_SMTP_PORT) for `briefings+<token>@<domain>`, and for
 * replies to notification e-mail at `reply+<token>@<domain>` (posted as comments, see
 * ReplyByMailService). Unknown or
 * revoked addresses are refused at RCPT TO (550) and mail over INBOUND_MAIL_MAX_BYTES at MAIL FROM
 * (SIZE) or while it streams (552), so a sender's own server bounces it with the reason.
 * Plain SMTP without AUTH or STARTTLS: it is meant to sit behind the domain's MX, which handles TLS.
 */
@Injectable()
export class InboundMailListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboundMailListener.name);
  private server: SMTPServer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbound: InboundService,
    private readonly replies: ReplyByMailService,
  ) {}

  /** The port listened on (the real one when configured as 0); undefined when e-mail in is off. */
  get port(): number | undefined {
    const address = this.server?.server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.inboundMail;
    // The command-line tools load the server's environment too; only the server takes the port.
    if (!settings || !this.config.backgroundJobs) return;
    // loaded only where e-mail in is on
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      name: settings.domain,
      banner: 'Briefroom e-mail in',
      size: settings.maxBytes,
      rejectOversized: true,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      maxClients: 100,
      socketTimeout: 60_000,
      // shutdown waits this long for open sessions
      closeTimeout: 5_000,
      onRcptTo: (address, session, callback) => {
        this.admit(address.address, session).then(
          (refusal) => callback(refusal),
          (error: unknown) => {
            this.logger.error({ err: error }, 'inbound address lookup failed');
            callback(reply(451, '4.3.0 Try again later'));
          },
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => {
            if (error instanceof MailRefusal)
              return callback(reply(error.responseCode, error.message));
            this.logger.error({ err: error }, 'inbound mail failed');
            callback(reply(451, '4.3.0 Try again later'));
          },
        );
      },
    });
    server.on('error', (error) =>
      this.logger.warn({ err: error }, 'inbound SMTP connection error'),
    );
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`e-mail in listening on ${settings.host}:${this.port} for @${settings.domain}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * An active integration's address is taken; one integration per message, since one document is
   * one briefing (452 asks the sender to deliver to the next address in a transaction of its own).
   */
  private async admit(address: string, session: SMTPServerSession): Promise<Error | undefined> {
    if (this.replies.isReplyAddress(address)) {
      if (!(await this.replies.target(address)))
        return reply(550, '5.1.1 This reply address is not valid (unknown or altered)');
      if (session.envelope.rcptTo.length)
        return reply(452, '4.5.3 One Briefroom address per message; send to this one separately');
      return undefined;
    }
    const first = session.envelope.rcptTo[0];
    if (first && this.replies.isReplyAddress(first.address))
      return reply(452, '4.5.3 One Briefroom address per message; send to this one separately');
    const target = await this.inbound.recipient(address);
    if (!target) return reply(550, '5.1.1 No such Briefroom address (unknown or revoked)');
    const earlier = session.envelope.rcptTo[0];
    if (earlier && (await this.inbound.recipient(earlier.address))?.id !== target.id)
      return reply(452, '4.5.3 One Briefroom address per message; send to this one separately');
    return undefined;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // past the limit the rest is only drained: smtp-server answers 552 itself
      if (!stream.sizeExceeded) chunks.push(chunk);
    }
    if (stream.sizeExceeded) return;
    const [first] = session.envelope.rcptTo;
    if (first && this.replies.isReplyAddress(first.address)) {
      await this.replies.receive(first.address, Buffer.concat(chunks));
      return;
    }
    await this.inbound.receiveMail(
      session.envelope.rcptTo.map((recipient) => recipient.address),
      Buffer.concat(chunks),
    );
  }
}
