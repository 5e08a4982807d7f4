import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import pg from 'pg';
import { InboundMailListener } from '../src/inbound/inbound-mail.listener.js';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, randomUUID, type TestApp } from './support/test-app.js';

const newsletter = readFileSync(
  join(__dirname, 'fixtures/briefings/saved-page-2026-05-06.html'),
  'utf8',
);
const MAX_BYTES = 64 * 1024;

/** A raw SMTP conversation: each command's full reply (multi-line replies joined). */
async function smtpDialog(port: number, commands: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  const replies: string[] = [];
  let buffer = '';
  let current: string[] = [];
  const waiting: Array<(reply: string) => void> = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      current.push(line);
      if (/^\d{3} /.test(line)) {
        const reply = current.join('\n');
        current = [];
        waiting.shift()?.(reply);
      }
    }
  });
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  try {
    await next(); // greeting
    for (const command of commands) {
      const reply = next();
      socket.write(`${command}\r\n`);
      replies.push(await reply);
    }
  } finally {
    socket.end();
  }
  return replies;
}

describe('E-mail in', () => {
  let app: TestApp;
  let admin: TestUser;
  let port: number;
  let transport: Transporter;
  let weekly: { id: string; address: string };

  beforeAll(async () => {
    app = await createTestApp({
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_MAIL_DOMAIN: 'in.briefroom.test',
      INBOUND_MAIL_MAX_BYTES: String(MAX_BYTES),
    });
    admin = await createUser(app, 'admin');
    port = app.server.app.get(InboundMailListener).port as number;
    transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      name: 'sender.example.test',
    });
    weekly = await integration('Weekly');
  });
  afterAll(async () => {
    transport.close();
    await app.close();
  });

  async function integration(series: string): Promise<{ id: string; address: string }> {
    const created = await app.http
      .post('/api/integrations')
      .set(bearer(admin))
      .send({ name: `${series} mail`, series })
      .expect(201);
    return { id: created.body.integration.id, address: created.body.emailAddress };
  }

  async function briefingsIn(series: string): Promise<Array<Record<string, unknown>>> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return (
        await client.query(
          'SELECT id, title, published_on::text AS "publishedOn", summary, visibility FROM briefing WHERE series = $1 ORDER BY created_at',
          [series],
        )
      ).rows;
    } finally {
      await client.end();
    }
  }

  async function integrationRow(id: string) {
    const list = await app.http.get('/api/integrations').set(bearer(admin)).expect(200);
    return list.body.integrations.find((i: { id: string }) => i.id === id);
  }

  const send = (to: string, message: Mail.Options) =>
    transport.sendMail({ from: 'Editor <editor@example.test>', to, ...message });

  /** What a refused sendMail reports: the SMTP code and the command it answered. */
  async function refusal(sending: Promise<unknown>) {
    const error = (await sending.then(
      () => undefined,
      (reason: unknown) => reason,
    )) as { responseCode?: number; command?: string; response?: string } | undefined;
    return { code: error?.responseCode, command: error?.command, response: error?.response ?? '' };
  }

  it('imports a forwarded HTML newsletter into the series its address names', async () => {
    const series = 'Newsletter';
    const target = await integration(series);
    const info = await send(target.address, {
      subject: 'Fwd: Daily Sync: May 6, 2026',
      html: newsletter,
      text: 'Daily Sync (HTML only, sorry)',
    });
    expect(info.accepted).toEqual([target.address]);
    const stored = await briefingsIn(series);
    expect(stored).toEqual([
      expect.objectContaining({ title: 'Daily Sync: May 6, 2026', publishedOn: '2026-05-06' }),
    ]);
    const briefing = await app.http
      .get(`/api/briefings/${stored[0]?.id as string}`)
      .set(bearer(admin))
      .expect(200);
    expect(briefing.body.series).toBe(series);
    expect(JSON.stringify(briefing.body)).not.toMatch(/LEAK/);
    expect(await integrationRow(target.id)).toMatchObject({
      lastUsedAt: expect.any(String),
      lastError: null,
    });
  });

  it('imports a text-only mail', async () => {
    const date = uniqueDate();
    await send(weekly.address, { subject: `Daily Sync: ${date}`, text: sampleOn(date) });
    expect(await briefingsIn('Weekly')).toContainEqual(
      expect.objectContaining({ title: `Daily Sync: ${date}` }),
    );
  });

  it('imports a re-delivered message (same Message-ID) once', async () => {
    const series = 'Redelivered';
    const target = await integration(series);
    const date = uniqueDate();
    const messageId = `<${randomUUID()}@news.example.test>`;
    await send(target.address, { subject: 'Issue', text: sampleOn(date), messageId });
    const first = await briefingsIn(series);
    // Same Message-ID, edited content: accepted, and not imported again.
    const info = await send(target.address, {
      subject: 'Issue',
      text: sampleOn(date).replace(/^(.*\n)/, '$1\nA different opening line.\n'),
      messageId,
    });
    expect(info.accepted).toEqual([target.address]);
    expect(await briefingsIn(series)).toEqual(first);
    expect(first).toHaveLength(1);
  });

  it('refuses an unknown address at RCPT TO with 550', async () => {
    for (const to of [
      `briefings+${'0'.repeat(40)}@in.briefroom.test`,
      'briefings@in.briefroom.test',
      weekly.address.replace('in.briefroom.test', 'elsewhere.test'),
    ]) {
      expect(await refusal(send(to, { subject: 'Hi', text: 'Hello' }))).toMatchObject({
        code: 550,
        command: 'RCPT TO',
      });
    }
  });

  it('takes the address in any letter case', async () => {
    const series = 'Shouting';
    const target = await integration(series);
    await send(target.address.toUpperCase(), {
      subject: 'Loud',
      text: sampleOn(uniqueDate()),
    });
    expect(await briefingsIn(series)).toHaveLength(1);
  });

  it('refuses a revoked integration’s address, and a rotated-away one', async () => {
    const revoked = await integration('Revoked');
    await app.http.delete(`/api/integrations/${revoked.id}`).set(bearer(admin)).expect(204);
    expect(await refusal(send(revoked.address, { subject: 'Hi', text: 'Hello' }))).toMatchObject({
      code: 550,
      command: 'RCPT TO',
    });

    const rotated = await integration('Rotated');
    const fresh = await app.http
      .post(`/api/integrations/${rotated.id}/address`)
      .set(bearer(admin))
      .expect(200);
    expect(await refusal(send(rotated.address, { subject: 'Hi', text: 'Hello' }))).toMatchObject({
      code: 550,
      command: 'RCPT TO',
    });
    await send(fresh.body.emailAddress, { subject: 'Hi', text: sampleOn(uniqueDate()) });
    expect(await briefingsIn('Rotated')).toHaveLength(1);
    expect(await briefingsIn('Revoked')).toHaveLength(0);
  });

  it('refuses oversized mail: 552 at MAIL FROM when SIZE says so, and when the data runs over', async () => {
    const [ehlo, mailFrom] = await smtpDialog(port, [
      'EHLO sender.example.test',
      `MAIL FROM:<editor@example.test> SIZE=${MAX_BYTES + 1}`,
      'QUIT',
    ]);
    expect(ehlo).toContain(`SIZE ${MAX_BYTES}`);
    expect(mailFrom).toMatch(/^552 /);

    const series = 'Oversized';
    const target = await integration(series);
    const big = `${sampleOn(uniqueDate())}\n${'Padding paragraph.\n'.repeat(MAX_BYTES / 16)}`;
    expect(await refusal(send(target.address, { subject: 'Big', text: big }))).toMatchObject({
      code: 552,
      command: 'DATA',
    });
    expect(await briefingsIn(series)).toHaveLength(0);
  });

  it('bounces a mail with nothing readable, saying why, and stores nothing', async () => {
    const series = 'Unreadable';
    const target = await integration(series);
    const bounced = await refusal(
      send(target.address, {
        subject: 'Slides',
        attachments: [{ filename: 'deck.pdf', content: Buffer.from('%PDF-1.4 not a briefing') }],
      }),
    );
    expect(bounced).toMatchObject({ code: 554, command: 'DATA' });
    expect(bounced.response).toMatch(/no HTML or text part/);

    const empty = await refusal(send(target.address, { subject: 'Blank', text: '\n \n' }));
    expect(empty.code).toBe(554);
    expect(await briefingsIn(series)).toHaveLength(0);
    expect((await integrationRow(target.id)).lastError).toEqual(expect.any(String));
  });

  it('takes one integration per message: a second address waits for a transaction of its own (452)', async () => {
    const first = await integration('One at a time A');
    const second = await integration('One at a time B');
    const date = uniqueDate();
    const info = await send(`${first.address}, ${second.address}, ${first.address.toUpperCase()}`, {
      subject: 'Both',
      text: sampleOn(date),
    });
    expect(info.accepted).toHaveLength(2); // the same integration twice (addresses are case-blind)
    expect(info.rejected).toEqual([second.address]);
    expect(await briefingsIn('One at a time A')).toHaveLength(1);
  });
});
