import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Headers and a quoted-printable text body, as nodemailer writes them. */
function parseMail(raw: string): Mail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let text = rest.join('\n\n');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? ''))
    text = Buffer.from(
      text
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  return {
    to: headers.get('to') ?? '',
    subject: headers.get('subject') ?? '',
    text: text.replace(/\r\n/g, '\n'),
  };
}

/** A real SMTP server on a free local port that keeps what it receives. */
export class MailInbox {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
    readonly mails: Mail[],
  ) {}

  static async start(): Promise<MailInbox> {
    const mails: Mail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push(parseMail(Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return new MailInbox(server, `smtp://127.0.0.1:${port}`, mails);
  }

  /** Removes and returns the mails sent to `address` so far. */
  take(address: string): Mail[] {
    const taken = this.mails.filter((mail) => mail.to.includes(address));
    const kept = this.mails.filter((mail) => !mail.to.includes(address));
    this.mails.splice(0, this.mails.length, ...kept);
    return taken;
  }

  /** Waits for the next mail to `address` and removes it from the inbox. */
  async next(address: string, timeoutMs = 15_000): Promise<Mail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.mails.findIndex((mail) => mail.to.includes(address));
      if (index >= 0) return this.mails.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`no mail to ${address} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The one-time link's secret in a mail: `${origin}/<path>/<token>`. */
export function linkToken(mail: Mail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+/${path}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no /${path}/ link in: ${mail.text}`);
  return match[1];
}
