import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as received: its envelope recipients, the parsed MIME and its raw headers. */
export interface ReceivedMail {
  rcptTo: string[];
  parsed: ParsedMail;
  header(name: string): string | undefined;
}

/** A real SMTP server that parses what it receives as full MIME (HTML and text parts, headers). */
export class MimeInbox {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
    readonly mails: ReceivedMail[],
  ) {}

  static async start(): Promise<MimeInbox> {
    const mails: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            mails.push({
              rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              parsed,
              header: (name) => {
                const line = parsed.headerLines.find((entry) => entry.key === name.toLowerCase());
                return line?.line.slice(line.line.indexOf(':') + 1).trim();
              },
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return new MimeInbox(server, `smtp://127.0.0.1:${port}`, mails);
  }

  /** Waits for the next mail to `address` (that `matches`, when given) and removes it from the inbox. */
  async next(
    address: string,
    matches: (mail: ReceivedMail) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.mails.findIndex(
        (mail) => mail.rcptTo.includes(address.toLowerCase()) && matches(mail),
      );
      if (index >= 0) return this.mails.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`no mail to ${address} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The mails to `address` so far, removed from the inbox. */
  take(address: string): ReceivedMail[] {
    const taken = this.mails.filter((mail) => mail.rcptTo.includes(address.toLowerCase()));
    this.mails.splice(0, this.mails.length, ...this.mails.filter((mail) => !taken.includes(mail)));
    return taken;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
