import pg from 'pg';
import { InviteDelivery } from '../src/admin/invite-delivery.js';
import { linkToken, MailInbox } from './support/mail-inbox.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe(InviteDelivery.name, () => {
  let inbox: MailInbox;
  let app: TestApp;
  let db: pg.Client;
  let admin: TestUser;

  const invite = (email: string, role = 'member') =>
    app.http.post('/api/admin/invites').set(bearer(admin)).send({ email, role });
  const resend = (id: string, by: TestUser | undefined = admin) => {
    const call = app.http.post(`/api/admin/invites/${id}/resend`);
    return by ? call.set(bearer(by)) : call;
  };
  const accept = (token: string, displayName = 'Invitee') =>
    app.http
      .post(`/api/invites/${token}/accept`)
      .send({ displayName, password: 'an-invitee-password' });

  beforeAll(async () => {
    inbox = await MailInbox.start();
    app = await createTestApp({
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Briefroom <briefroom@example.com>',
      PUBLIC_URL: 'https://brief.example.com',
    });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    admin = await createUser(app, 'admin', { email: 'inviter@example.com' });
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await inbox?.close();
  });

  it('e-mails the invitation link when SMTP is set', async () => {
    const created = await invite('Mailed@Example.com', 'editor').expect(201);
    expect(created.body.emailed).toBe(true);
    const mail = await inbox.next('mailed@example.com');
    expect(mail.subject).toBe('You are invited to Briefroom');
    expect(mail.text).toContain('as an editor');
    const token = linkToken(mail, 'invite');
    expect(`/invite/${token}`).toBe(created.body.url);
    await accept(token).expect(201);
  });

  it('re-sends with a new link that replaces the old one', async () => {
    const created = await invite('again@example.com').expect(201);
    const oldToken = linkToken(await inbox.next('again@example.com'), 'invite');

    const resent = await resend(created.body.invite.id).expect(201);
    expect(resent.body).toMatchObject({
      invite: { id: created.body.invite.id, email: 'again@example.com' },
      emailed: true,
    });
    const newToken = linkToken(await inbox.next('again@example.com'), 'invite');
    expect(resent.body.url).toBe(`/invite/${newToken}`);
    expect(newToken).not.toBe(oldToken);

    expectError(await app.http.get(`/api/invites/${oldToken}`), 404, 'INVITE_NOT_FOUND');
    expectError(await accept(oldToken), 404, 'INVITE_NOT_FOUND');
    await accept(newToken).expect(201);
    // Used: nothing left to re-send.
    expectError(await resend(created.body.invite.id), 404, 'NOT_FOUND');
    const audit = await db.query(
      `SELECT details FROM audit_event WHERE action = 'admin.invite.resent' AND target_id = $1`,
      [created.body.invite.id],
    );
    expect(audit.rows).toEqual([{ details: { email: 'again@example.com', emailed: true } }]);
  });

  it('re-issues an expired invitation for another seven days', async () => {
    const created = await invite('late@example.com').expect(201);
    inbox.take('late@example.com');
    await db.query(`UPDATE invite SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      created.body.invite.id,
    ]);
    const resent = await resend(created.body.invite.id).expect(201);
    const days = (Date.parse(resent.body.invite.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(7);
    await accept((resent.body.url as string).split('/').pop()!).expect(201);
  });

  it('invites a deactivated account back, and refuses an active one', async () => {
    const person = await createUser(app, 'editor', { email: 'returning@example.com' });
    expectError(await invite('returning@example.com'), 409, 'EMAIL_TAKEN');

    await app.http
      .patch(`/api/admin/users/${person.id}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    const created = await invite('returning@example.com', 'viewer').expect(201);
    const token = linkToken(await inbox.next('returning@example.com'), 'invite');
    const accepted = await accept(token, 'Returning Person').expect(201);
    expect(accepted.body.user).toMatchObject({
      id: person.id,
      email: 'returning@example.com',
      role: 'viewer',
      active: true,
      displayName: 'Returning Person',
      handle: person.handle,
    });
    // The old session stays ended; the new password signs in, the old one does not.
    await app.http.get('/api/auth/me').set(bearer(person)).expect(401);
    await app.http
      .post('/api/auth/login')
      .send({ email: person.email, password: 'an-invitee-password' })
      .expect(200);
    expectError(
      await app.http.post('/api/auth/login').send({ email: person.email, password: PASSWORD }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectError(await resend(created.body.invite.id), 404, 'NOT_FOUND');
  });

  it('refuses to re-send to an address that has an active account meanwhile, changing nothing', async () => {
    const created = await invite('raced@example.com').expect(201);
    const token = linkToken(await inbox.next('raced@example.com'), 'invite');
    await createUser(app, 'member', { email: 'raced@example.com' });
    expectError(await resend(created.body.invite.id), 409, 'EMAIL_TAKEN');
    expect(inbox.take('raced@example.com')).toEqual([]);
    await app.http.get(`/api/invites/${token}`).expect(200);
  });

  it('is for admins only, and refuses unknown, revoked and malformed invitations', async () => {
    const created = await invite('guarded@example.com').expect(201);
    const editor = await createUser(app, 'editor');
    expectError(await resend(created.body.invite.id, editor), 403, 'FORBIDDEN');
    expectError(
      await app.http.post(`/api/admin/invites/${created.body.invite.id}/resend`),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await resend('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await resend('not-a-uuid'), 400, 'VALIDATION_FAILED');
    await app.http
      .delete(`/api/admin/invites/${created.body.invite.id}`)
      .set(bearer(admin))
      .expect(204);
    expectError(await resend(created.body.invite.id), 404, 'NOT_FOUND');
  });
});

describe('InviteDelivery without SMTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('still hands the admin the link, and says it was not e-mailed', async () => {
    const admin = await createUser(app, 'admin');
    const created = await app.http
      .post('/api/admin/invites')
      .set(bearer(admin))
      .send({ email: 'offline-invitee@example.com', role: 'viewer' })
      .expect(201);
    expect(created.body).toMatchObject({
      url: expect.stringMatching(/^\/invite\//),
      emailed: false,
    });
    const resent = await app.http
      .post(`/api/admin/invites/${created.body.invite.id}/resend`)
      .set(bearer(admin))
      .expect(201);
    expect(resent.body.emailed).toBe(false);
    expect(resent.body.url).not.toBe(created.body.url);
  });
});
