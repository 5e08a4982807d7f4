import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { JobName } from '../src/jobs/job-names.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { RemindersService } from '../src/reminders/reminders.service.js';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Mail {
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

describe(RemindersService.name, () => {
  let smtp: SMTPServer;
  const inbox: Mail[] = [];
  let rejecting = false;
  let app: TestApp;
  let jobs: JobQueue;
  let admin: TestUser;
  let owner: TestUser;
  let creator: TestUser;
  let decider: TestUser;
  let outsider: TestUser;
  const action: Record<string, string> = {};
  let decisionId: string;

  /** One reminder pass as of `now`, through the job queue like the scheduled ones. */
  const pass = (now: string) => jobs.run(JobName.ReminderPass, { now });
  // Assignment e-mails (issue 16) go out at once when an action is created for someone: not reminders.
  const received = () =>
    inbox
      .splice(0)
      .filter((mail) => !/ assigned you: /.test(mail.subject))
      .sort((a, b) => `${a.to}${a.subject}`.localeCompare(`${b.to}${b.subject}`));

  async function createAction(
    user: TestUser,
    body: Record<string, unknown>,
    status?: string,
  ): Promise<string> {
    const id = (await app.http.post('/api/actions').set(bearer(user)).send(body).expect(201)).body
      .id as string;
    if (status)
      await app.http.patch(`/api/actions/${id}`).set(bearer(user)).send({ status }).expect(200);
    return id;
  }

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(rejecting ? new Error('mailbox unavailable') : undefined);
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          inbox.push(parseMail(Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    app = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      DIGEST_HOUR: '7',
      REMINDER_INTERVAL_SECONDS: '0',
      // the race test's second pass waits for one poll after the first
      JOB_POLL_INTERVAL_MS: '500',
      PUBLIC_URL: 'https://brief.example.com',
    });
    jobs = app.server.app.get(JobQueue);
    admin = await createUser(app, 'admin', { email: 'admin@example.com' });
    owner = await createUser(app, 'member', { email: 'owner@example.com' });
    creator = await createUser(app, 'member', { email: 'creator@example.com' });
    decider = await createUser(app, 'editor', { email: 'decider@example.com' });
    outsider = await createUser(app, 'member', { email: 'outsider@example.com' });
    const group = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group;
    const secret = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({ content: sample, visibility: 'restricted', groupIds: [group.id] })
        .expect(201)
    ).body;

    action.soon = await createAction(owner, {
      title: 'Send the deck',
      ownerId: owner.id,
      dueOn: '2026-06-11',
    });
    action.today = await createAction(owner, {
      title: 'Book the room',
      ownerId: owner.id,
      dueOn: '2026-06-10',
    });
    action.late = await createAction(owner, {
      title: 'Renew the contract',
      ownerId: owner.id,
      dueOn: '2026-06-01',
    });
    action.far = await createAction(owner, {
      title: 'Plan Q4',
      ownerId: owner.id,
      dueOn: '2026-07-01',
    });
    action.doneLate = await createAction(
      owner,
      { title: 'Done already', ownerId: owner.id, dueOn: '2026-06-01' },
      'done',
    );
    action.unowned = await createAction(creator, {
      title: 'Nobody owns this',
      dueOn: '2026-06-09',
    });
    // The outsider owned it while in the Board group, then left the group (owners must read what they own).
    const boardMembers = (userIds: string[]) =>
      app.http
        .put(`/api/admin/groups/${group.id}/members`)
        .set(bearer(admin))
        .send({ userIds })
        .expect(200);
    await boardMembers([outsider.id]);
    action.secret = await createAction(admin, {
      title: 'Board secret',
      ownerId: outsider.id,
      dueOn: '2026-06-01',
      links: [{ type: 'briefing', id: secret.id }],
    });
    await boardMembers([]);
    decisionId = (
      await app.http
        .post('/api/decisions')
        .set(bearer(creator))
        .send({
          title: 'Quarterly key rotation',
          statement: 'Rotate quarterly.',
          reviewBy: '2026-06-05',
        })
        .expect(201)
    ).body.id;
    await app.http
      .patch(`/api/decisions/${decisionId}`)
      .set(bearer(decider))
      .send({ status: 'accepted' })
      .expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('notifies and emails what is due soon, overdue and up for review, plus one digest per user, exactly once', async () => {
    const result = await pass('2026-06-10T08:00:00Z');
    expect(result).toEqual({ notifications: 5, digestsClaimed: 2, emailsSent: 7, emailsFailed: 0 });
    const mails = received();
    expect(mails.map((mail) => [mail.to, mail.subject])).toEqual([
      ['creator@example.com', 'Overdue: Nobody owns this'],
      ['decider@example.com', 'Review due: Quarterly key rotation'],
      ['decider@example.com', 'Your Briefroom digest for 2026-06-10'],
      ['owner@example.com', 'Due soon: Book the room'],
      ['owner@example.com', 'Due soon: Send the deck'],
      ['owner@example.com', 'Overdue: Renew the contract'],
      ['owner@example.com', 'Your Briefroom digest for 2026-06-10'],
    ]);
    const [overdue, review, deciderDigest, dueToday, , ownerOverdue, ownerDigest] = mails;
    expect(overdue.text).toContain('"Nobody owns this" was due on 2026-06-09 and is still open.');
    expect(overdue.text).toContain(`https://brief.example.com/actions/${action.unowned}`);
    expect(review.text).toContain(
      'The decision "Quarterly key rotation" was due for review on 2026-06-05.',
    );
    expect(review.text).toContain(`https://brief.example.com/decisions/${decisionId}`);
    expect(dueToday.text).toContain('"Book the room" is due on 2026-06-10 (status: open).');
    expect(ownerOverdue.text).toContain('Hello member');
    expect(ownerDigest.text.split('\n').filter((line) => /^(\w.*\(\d+\)|- )/.test(line))).toEqual([
      'Overdue (1)',
      `- Renew the contract (due 2026-06-01, open) https://brief.example.com/actions/${action.late}`,
      'Due soon (2)',
      `- Book the room (due 2026-06-10, open) https://brief.example.com/actions/${action.today}`,
      `- Send the deck (due 2026-06-11, open) https://brief.example.com/actions/${action.soon}`,
      'Other open actions (1)',
      `- Plan Q4 (due 2026-07-01, open) https://brief.example.com/actions/${action.far}`,
    ]);
    expect(deciderDigest.text).toContain('Decisions due for review (1)');
    expect(deciderDigest.text).toContain(
      `- Quarterly key rotation (review by 2026-06-05) https://brief.example.com/decisions/${decisionId}`,
    );
    expect(deciderDigest.text).not.toContain('Overdue');

    const ownerNotes = (await app.http.get('/api/notifications').set(bearer(owner)).expect(200))
      .body;
    expect(ownerNotes.unreadCount).toBe(3);
    expect(
      ownerNotes.notifications
        .map((n: { kind: string; thread: unknown; action: { id: string } }) => [
          n.kind,
          n.thread,
          n.action.id,
        ])
        .sort(),
    ).toEqual(
      [
        ['action.due_soon', null, action.soon],
        ['action.due_soon', null, action.today],
        ['action.overdue', null, action.late],
      ].sort(),
    );
    const deciderNotes = (await app.http.get('/api/notifications').set(bearer(decider)).expect(200))
      .body.notifications;
    expect(deciderNotes).toEqual([
      expect.objectContaining({
        kind: 'decision.review_due',
        thread: null,
        action: null,
        decision: { id: decisionId, title: 'Quarterly key rotation', reviewBy: '2026-06-05' },
      }),
    ]);
    // The outsider owns the Board action but may not read it: no notification, no email, no digest.
    expect(
      (await app.http.get('/api/notifications').set(bearer(outsider)).expect(200)).body,
    ).toMatchObject({
      notifications: [],
      unreadCount: 0,
    });

    // A second pass at the same moment finds everything claimed already.
    await expect(pass('2026-06-10T08:00:00Z')).resolves.toEqual({
      notifications: 0,
      digestsClaimed: 0,
      emailsSent: 0,
      emailsFailed: 0,
    });
    expect(received()).toEqual([]);
  });

  it('waits for DIGEST_HOUR, moves reminders on with the calendar, and sends once when two passes race', async () => {
    // Next day, before 07:00 UTC: yesterday's "due today" is now overdue; no digest yet.
    await expect(pass('2026-06-11T06:30:00Z')).resolves.toMatchObject({
      notifications: 1,
      digestsClaimed: 0,
      emailsSent: 1,
    });
    expect(received().map((mail) => [mail.to, mail.subject])).toEqual([
      ['owner@example.com', 'Overdue: Book the room'],
    ]);
    // Two passes at once (as two app processes' schedules would): the queue runs them one after the other, the second finds nothing.
    const results = await Promise.all([pass('2026-06-11T07:00:00Z'), pass('2026-06-11T07:00:00Z')]);
    const sentTotal = results.reduce((sum, result) => sum + (result?.emailsSent ?? 0), 0);
    expect(sentTotal).toBe(2);
    expect(received().map((mail) => [mail.to, mail.subject])).toEqual([
      ['decider@example.com', 'Your Briefroom digest for 2026-06-11'],
      ['owner@example.com', 'Your Briefroom digest for 2026-06-11'],
    ]);
  });

  it('notifies again when a due date moves, skips emails for what was finished meanwhile, and retries failed sends', async () => {
    await app.http
      .patch(`/api/actions/${action.far}`)
      .set(bearer(owner))
      .send({ dueOn: '2026-06-12' })
      .expect(200);
    rejecting = true;
    const failed = await pass('2026-06-11T12:00:00Z');
    expect(failed).toMatchObject({ notifications: 1, emailsSent: 0, emailsFailed: 1 });
    expect(received()).toEqual([]);
    rejecting = false;
    const retried = await pass('2026-06-11T12:05:00Z');
    expect(retried).toMatchObject({ notifications: 0, emailsSent: 1, emailsFailed: 0 });
    expect(received().map((mail) => mail.subject)).toEqual(['Due soon: Plan Q4']);

    // Claimed while SMTP is down, finished before the retry: the email is dropped, the notification stays.
    await app.http
      .patch(`/api/actions/${action.far}`)
      .set(bearer(owner))
      .send({ dueOn: '2026-06-13' })
      .expect(200);
    rejecting = true;
    // Before the digest hour: "Send the deck" (due 06-11) is now overdue, "Plan Q4" due soon.
    await expect(pass('2026-06-12T06:00:00Z')).resolves.toMatchObject({
      notifications: 2,
      digestsClaimed: 0,
      emailsFailed: 2,
    });
    rejecting = false;
    await app.http
      .patch(`/api/actions/${action.far}`)
      .set(bearer(owner))
      .send({ status: 'done' })
      .expect(200);
    await expect(pass('2026-06-12T06:05:00Z')).resolves.toMatchObject({
      notifications: 0,
      emailsSent: 1,
      emailsFailed: 0,
    });
    expect(received().map((mail) => mail.subject)).toEqual(['Overdue: Send the deck']);
    const planNotes = (
      await app.http.get('/api/notifications').set(bearer(owner)).expect(200)
    ).body.notifications.filter(
      (n: { action: { id: string } | null }) => n.action?.id === action.far,
    );
    expect(planNotes).toHaveLength(2);
  });

  it('validates the mail settings at start-up, naming the variable', () => {
    const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/briefroom' };
    expect(loadConfig(base)).toMatchObject({
      mail: undefined,
      digestHour: 7,
      reminderIntervalSeconds: 300,
    });
    expect(
      loadConfig({
        ...base,
        SMTP_URL: 'smtps://u:p@mail.example.com',
        MAIL_FROM: 'x@example.com',
        DIGEST_HOUR: '18',
      }),
    ).toMatchObject({
      mail: { smtpUrl: 'smtps://u:p@mail.example.com', from: 'x@example.com' },
      digestHour: 18,
    });
    for (const [env, variable] of [
      [{ SMTP_URL: 'smtp://mail.example.com' }, 'MAIL_FROM'],
      [{ MAIL_FROM: 'x@example.com' }, 'MAIL_FROM'],
      [{ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'x@example.com' }, 'SMTP_URL'],
      [{ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
      [{ DIGEST_HOUR: '24' }, 'DIGEST_HOUR'],
      [{ REMINDER_INTERVAL_SECONDS: '-1' }, 'REMINDER_INTERVAL_SECONDS'],
    ] as const) {
      expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, ...env })).toThrow(variable);
    }
  });
});
