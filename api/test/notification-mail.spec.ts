import nodemailer, { type Transporter } from 'nodemailer';
import pg from 'pg';
import { InboundMailListener } from '../src/inbound/inbound-mail.listener.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { MimeInbox, type ReceivedMail } from './support/mime-inbox.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DOMAIN = 'in.briefroom.test';

describe('Notification e-mail and reply by e-mail', () => {
  let app: TestApp;
  let inbox: MimeInbox;
  let db: pg.Client;
  let smtp: Transporter;
  let editor: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let threads: string[];

  beforeAll(async () => {
    inbox = await MimeInbox.start();
    app = await createTestApp({
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_MAIL_DOMAIN: DOMAIN,
      // The batches below are two comments posted together; their e-mail rows are written by the
      // event relay, which on a loaded machine (CI, with Meilisearch beside it) wrote them over 2 s
      // apart, so the 2 s window once split one batch into two e-mails.
      NOTIFICATION_BATCH_SECONDS: '5',
      JOB_POLL_INTERVAL_MS: '500',
      PUBLIC_URL: 'https://briefroom.example',
    });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    editor = await createUser(app, 'editor');
    ann = await createUser(app, 'member');
    bob = await createUser(app, 'member');
    const briefing = await app.http
      .post('/api/briefings/import')
      .set(bearer(editor))
      .send({ content: sampleOn(uniqueDate()), format: 'text' })
      .expect(201);
    threads = (
      briefing.body.sections as Array<{ discussion: { threadId: string } | null }>
    ).flatMap((section) => (section.discussion ? [section.discussion.threadId] : []));
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: app.server.app.get(InboundMailListener).port as number,
      secure: false,
      ignoreTLS: true,
    });
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await app.close();
    await inbox.close();
  });

  const post = (user: TestUser, threadId: string, body: string, parentId?: string) =>
    app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(user))
      .send({ body, parentId })
      .expect(201);
  const setPreference = (user: TestUser, kind: string, mode: string) =>
    app.http
      .put('/api/notification-preferences')
      .set(bearer(user))
      .send({ preferences: [{ kind, mode }] })
      .expect(200);
  const about = (text: string) => (mail: ReceivedMail) => !!mail.parsed.subject?.includes(text);
  const replyAddress = (mail: ReceivedMail) => mail.parsed.replyTo?.value[0]?.address as string;
  const comments = async (threadId: string) =>
    (await app.http.get(`/api/threads/${threadId}`).set(bearer(editor)).expect(200)).body
      .comments as Array<{
      id: string;
      body: string;
      parentId: string | null;
      author: { id: string };
    }>;

  it('e-mails a mention at once with the excerpt, the exact link, both parts and one-click unsubscribe', async () => {
    const started = Date.now();
    const posted = await post(
      bob,
      threads[0],
      `@${ann.handle} can you check the **power** numbers?`,
    );
    const mail = await inbox.next(ann.email, about('mentioned you'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mail.parsed.subject).toMatch(/^\[Briefroom\] .* mentioned you in “/);
    const link = `https://briefroom.example/threads/${threads[0]}#comment-${posted.body.id}`;
    expect(mail.parsed.text).toContain(`@${ann.handle} can you check the power numbers?`);
    expect(mail.parsed.text).toContain(link);
    expect(mail.parsed.html).toContain(`href="${link}"`);
    expect(mail.parsed.html).toContain('can you check the power numbers?');
    const unsubscribe =
      /^<(https:\/\/briefroom\.example\/api\/notification-mail\/unsubscribe\?token=[0-9a-f]+)>$/.exec(
        mail.header('list-unsubscribe') ?? '',
      );
    expect(unsubscribe).not.toBeNull();
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // the link in the body opens the web page that asks before it unsubscribes (not the JSON route)
    const token = new URL(unsubscribe?.[1] as string).searchParams.get('token') as string;
    expect(mail.parsed.text).toContain(`https://briefroom.example/unsubscribe?token=${token}`);
    // (handlebars writes "=" in attributes as &#x3D;, which a browser reads as "=")
    expect(String(mail.parsed.html).replaceAll('&#x3D;', '=')).toContain(
      `href="https://briefroom.example/unsubscribe?token=${token}"`,
    );
    expect(mail.parsed.text).not.toContain('/api/notification-mail/unsubscribe');
    expect(replyAddress(mail)).toMatch(new RegExp(`^reply\\+[0-9a-f]{48}@${DOMAIN}$`));

    // the bell shows the same excerpt
    const list = await app.http.get('/api/notifications').set(bearer(ann)).expect(200);
    const notification = list.body.notifications.find(
      (entry: { commentId: string }) => entry.commentId === posted.body.id,
    );
    expect(notification).toMatchObject({
      kind: 'mention',
      excerpt: `@${ann.handle} can you check the power numbers?`,
    });
  });

  it('hides the notification of a deleted comment from the list and the count', async () => {
    const before = (await app.http.get('/api/notifications/unread-count').set(bearer(ann))).body
      .count;
    const posted = await post(bob, threads[1], `@${ann.handle} ignore this one`);
    await inbox.next(ann.email, about('mentioned you'));
    expect(
      (await app.http.get('/api/notifications/unread-count').set(bearer(ann))).body.count,
    ).toBe(before + 1);
    await app.http.delete(`/api/comments/${posted.body.id}`).set(bearer(bob)).expect(204);
    const list = await app.http.get('/api/notifications').set(bearer(ann)).expect(200);
    expect(
      list.body.notifications.map((entry: { commentId: string }) => entry.commentId),
    ).not.toContain(posted.body.id);
    expect(
      (await app.http.get('/api/notifications/unread-count').set(bearer(ann))).body.count,
    ).toBe(before);
  });

  it('posts a reply by e-mail as the right person in the right thread, once per Message-ID', async () => {
    const posted = await post(bob, threads[2], `@${ann.handle} what is our plan?`);
    const mail = await inbox.next(ann.email, about('mentioned you'));
    const to = replyAddress(mail);
    const message = {
      from: ann.email,
      to,
      subject: `Re: ${mail.parsed.subject}`,
      messageId: `<reply-${Date.now()}@mail.example>`,
      text: [
        'We ship the pilot on Monday.',
        '',
        'On Mon, Dec 7, 2026 at 10:00 AM Briefroom <briefroom@example.com> wrote:',
        `> ${mail.parsed.text?.split('\n')[0]}`,
        '> can you check',
        '',
        '-- ',
        'Ann, CTO office',
      ].join('\n'),
    };
    await smtp.sendMail(message);
    await smtp.sendMail(message); // re-delivered: posts once
    const after = await comments(threads[2]);
    const replies = after.filter((comment) => comment.body.startsWith('We ship the pilot'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      body: 'We ship the pilot on Monday.',
      parentId: posted.body.id,
      author: { id: ann.id },
    });
    // bob hears about the reply by e-mail too
    const toBob = await inbox.next(bob.email, about('replied to you'));
    expect(toBob.parsed.text).toContain('We ship the pilot on Monday.');
  });

  it('keeps a quote the person wrote above their reply, not the quoted original', async () => {
    const posted = await post(bob, threads[3], `@${ann.handle} what is our rule?`);
    const mail = await inbox.next(ann.email, about('mentioned you'));
    await smtp.sendMail({
      from: ann.email,
      to: replyAddress(mail),
      subject: `Re: ${mail.parsed.subject}`,
      messageId: `<quote-${Date.now()}@mail.example>`,
      text: [
        '> Ship small, ship often.',
        '',
        'That is our rule, from the last retro.',
        '',
        'On Mon, Dec 7, 2026 at 10:00 AM Briefroom <briefroom@example.com> wrote:',
        `> ${mail.parsed.text?.split('\n')[0]}`,
        '> what is our rule?',
      ].join('\n'),
    });
    const reply = (await comments(threads[3])).find(
      (comment) => comment.parentId === posted.body.id && comment.author.id === ann.id,
    );
    expect(reply?.body).toBe('> Ship small, ship often.\n\nThat is our rule, from the last retro.');
  });

  it('bounces a reply with a bad token, from another address, or from someone who may no longer post', async () => {
    await post(bob, threads[3], `@${ann.handle} one more`);
    const mail = await inbox.next(ann.email, about('mentioned you'));
    const to = replyAddress(mail);
    const tampered = to.replace(/[0-9a-f](?=@)/, (digit) => (digit === '0' ? '1' : '0'));
    await expect(
      smtp.sendMail({ from: ann.email, to: tampered, subject: 'Re', text: 'hello' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      smtp.sendMail({ from: 'someone@else.example', to, subject: 'Re', text: 'hello' }),
    ).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringContaining('address the notification'),
    });
    await expect(
      smtp.sendMail({ from: ann.email, to, subject: 'Re', text: '> only quoted text' }),
    ).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('empty') });
    await db.query(`UPDATE app_user SET role = 'viewer' WHERE id = $1`, [ann.id]);
    try {
      await expect(
        smtp.sendMail({ from: ann.email, to, subject: 'Re', text: 'still here' }),
      ).rejects.toMatchObject({
        responseCode: 550,
        response: expect.stringContaining('no longer'),
      });
    } finally {
      await db.query(`UPDATE app_user SET role = 'member' WHERE id = $1`, [ann.id]);
    }
    const bodies = (await comments(threads[3])).map((comment) => comment.body);
    expect(bodies).not.toContain('hello');
    expect(bodies).not.toContain('still here');
  });

  it('keeps preferences per kind: never sends nothing, digest waits for the digest hour', async () => {
    const defaults = await app.http
      .get('/api/notification-preferences')
      .set(bearer(bob))
      .expect(200);
    expect(defaults.body.preferences).toEqual([
      { kind: 'mention', mode: 'immediately' },
      { kind: 'reply', mode: 'immediately' },
      { kind: 'activity', mode: 'immediately' },
      { kind: 'decision', mode: 'immediately' },
      { kind: 'action.assigned', mode: 'immediately' },
    ]);
    await setPreference(bob, 'mention', 'never');
    await setPreference(bob, 'action.assigned', 'digest');
    await post(ann, threads[0], `@${bob.handle} muted mention`);
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Digest me', ownerId: bob.id })
      .expect(201);
    const queued = await waitForRow(
      `SELECT kind, due_at FROM notification_email WHERE user_id = $1 AND kind = 'action.assigned'`,
      [bob.id],
    );
    expect(new Date(queued.due_at).getUTCHours()).toBe(app.config.digestHour);
    expect(new Date(queued.due_at).getTime()).toBeGreaterThan(Date.now());
    const muted = await db.query(
      `SELECT count(*)::int AS n FROM notification_email WHERE user_id = $1 AND kind = 'mention'`,
      [bob.id],
    );
    expect(muted.rows[0].n).toBe(0);
    await setPreference(bob, 'mention', 'immediately');
    await setPreference(bob, 'action.assigned', 'immediately');
  });

  it('batches news of a followed thread into one e-mail', async () => {
    await post(editor, threads[1], 'I follow this thread now');
    inbox.take(editor.email);
    // posted together, within the batching window even on a loaded machine
    await Promise.all([post(ann, threads[1], 'First news'), post(bob, threads[1], 'Second news')]);
    const mail = await inbox.next(editor.email, about('updates'));
    expect(mail.parsed.subject).toMatch(/2 updates/);
    expect(mail.parsed.text).toContain('First news');
    expect(mail.parsed.text).toContain('Second news');
  });

  it('gives each thread of a batched e-mail its own reply address; a reply lands in its thread', async () => {
    const carol = await createUser(app, 'member');
    const briefing = await app.http
      .post('/api/briefings/import')
      .set(bearer(editor))
      .send({ content: sampleOn(uniqueDate()), format: 'text' })
      .expect(201);
    const [first, second] = (
      briefing.body.sections as Array<{ discussion: { threadId: string } | null }>
    ).flatMap((section) => (section.discussion ? [section.discussion.threadId] : []));
    await post(carol, first, 'I follow the first thread');
    await post(carol, second, 'I follow the second thread');
    // posted together, within the batching window even on a loaded machine
    const [inFirst, inSecond] = await Promise.all([
      post(ann, first, 'News in the first thread'),
      post(bob, second, 'News in the second thread'),
    ]);
    const mail = await inbox.next(carol.email, about('updates'));
    expect(mail.parsed.subject).toMatch(/2 updates/);
    // no single Reply-To: which thread would it answer?
    expect(mail.parsed.replyTo).toBeUndefined();
    const text = mail.parsed.text ?? '';
    const addressAfter = (excerpt: string) => {
      const entry = text.slice(text.indexOf(excerpt)).split('\n* ')[0];
      return new RegExp(`Reply in this thread: (reply\\+[0-9a-f]{48}@${DOMAIN})`).exec(entry)?.[1];
    };
    const toFirst = addressAfter('News in the first thread') as string;
    const toSecond = addressAfter('News in the second thread') as string;
    expect(toFirst).toBeDefined();
    expect(toSecond).toBeDefined();
    expect(toFirst).not.toBe(toSecond);
    expect(mail.parsed.html).toContain(`href="mailto:${toFirst}"`);
    expect(mail.parsed.html).toContain(`href="mailto:${toSecond}"`);

    for (const [to, body] of [
      [toSecond, 'My answer for the second thread'],
      [toFirst, 'My answer for the first thread'],
    ])
      await smtp.sendMail({
        from: carol.email,
        to,
        subject: `Re: ${mail.parsed.subject}`,
        messageId: `<batch-${body.length}-${Date.now()}-${to.slice(6, 14)}@mail.example>`,
        text: `${body}\n\nOn Mon, Dec 7, 2026 Briefroom wrote:\n> ${text.split('\n')[0]}`,
      });
    const answered = async (threadId: string, body: string) =>
      (await comments(threadId)).find((comment) => comment.body === body);
    expect(await answered(first, 'My answer for the first thread')).toMatchObject({
      parentId: inFirst.body.id,
      author: { id: carol.id },
    });
    expect(await answered(second, 'My answer for the second thread')).toMatchObject({
      parentId: inSecond.body.id,
      author: { id: carol.id },
    });
    expect(await answered(first, 'My answer for the second thread')).toBeUndefined();
    expect(await answered(second, 'My answer for the first thread')).toBeUndefined();
    // an address is the recipient's own: another member's reply to it bounces
    await expect(
      smtp.sendMail({ from: ann.email, to: toFirst, subject: 'Re', text: 'not mine' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('e-mails an assignment and refuses bad preference input', async () => {
    await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Book the room', ownerId: ann.id, dueOn: '2031-02-01' })
      .expect(201);
    const mail = await inbox.next(ann.email, about('assigned you'));
    expect(mail.parsed.subject).toContain('assigned you: Book the room');
    expect(mail.parsed.text).toContain('Due 2031-02-01');

    const put = (body: unknown, user?: TestUser) => {
      const request = app.http.put('/api/notification-preferences');
      return (user ? request.set(bearer(user)) : request).send(body as object);
    };
    expectError(
      await put({ preferences: [{ kind: 'mention', mode: 'never' }] }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await put({ preferences: [{ kind: 'gossip', mode: 'never' }] }, ann),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await put({ preferences: [{ kind: 'mention', mode: 'hourly' }] }, ann),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await put({ preferences: [] }, ann), 400, 'VALIDATION_FAILED');
    expectError(
      await put(
        {
          preferences: [
            { kind: 'mention', mode: 'never' },
            { kind: 'mention', mode: 'digest' },
          ],
        },
        ann,
      ),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await app.http.get('/api/notification-preferences'), 401, 'UNAUTHENTICATED');
  });

  it('unsubscribes in one click without signing in; a GET changes nothing', async () => {
    await post(bob, threads[0], `@${ann.handle} last one`);
    const mail = await inbox.next(ann.email, about('mentioned you'));
    const url = new URL(/^<(.+)>$/.exec(mail.header('list-unsubscribe') ?? '')?.[1] as string);
    const path = `${url.pathname}${url.search}`;
    const preview = await app.http.get(path).expect(200);
    expect(preview.body).toEqual({ kind: 'mention', unsubscribed: false });
    // a browser opening the header's address is sent to the page that asks first
    const browser = await app.http
      .get(path)
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
      .expect(303);
    expect(browser.headers.location).toBe(`/unsubscribe${url.search}`);
    const mine = async () =>
      (await app.http.get('/api/notification-preferences').set(bearer(ann))).body.preferences;
    expect(await mine()).toContainEqual({ kind: 'mention', mode: 'immediately' });
    const done = await app.http
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(done.body).toEqual({ kind: 'mention', unsubscribed: true });
    expect(await mine()).toContainEqual({ kind: 'mention', mode: 'never' });

    const forged = url.search.replace(/[0-9a-f]$/, (digit) => (digit === '0' ? '1' : '0'));
    expectError(await app.http.post(`${url.pathname}${forged}`), 404, 'NOT_FOUND');
    expectError(await app.http.post(`${url.pathname}?token=nope`), 400, 'VALIDATION_FAILED');
    expectError(await app.http.post(url.pathname), 400, 'VALIDATION_FAILED');
    // hostile tokens get the same clear 400 on the GET, as JSON or for a browser, never a redirect
    const token = url.searchParams.get('token') as string;
    for (const search of [
      '?token=%00',
      `?token=${token.slice(0, -1)}%00`,
      '?token=%ED%A0%80',
      `?token=${token}%0D%0ALocation:%20https://evil.example`,
      `?token=${token}&token=${token}`,
      `?token=${'a'.repeat(1_000)}`,
    ])
      for (const accept of ['application/json', 'text/html']) {
        const response = await app.http.get(`${url.pathname}${search}`).set('Accept', accept);
        expectError(response, 400, 'VALIDATION_FAILED');
        expect(response.headers.location).toBeUndefined();
      }
    // an address too long for any link is refused before routing
    const huge = await app.http
      .get(`${url.pathname}?token=${'a'.repeat(20_000)}`)
      .set('Accept', 'text/html');
    expectError(huge, 431, 'HEADERS_TOO_LARGE');
    // other routes still refuse form bodies
    const form = await app.http
      .post('/api/notification-preferences')
      .set(bearer(ann))
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('a=b');
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
  });

  async function waitForRow(text: string, values: unknown[]) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await db.query(text, values);
      if (rows[0]) return rows[0] as Record<string, string>;
      if (Date.now() > deadline) throw new Error('no row');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
