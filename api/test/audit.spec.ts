import { AuditLog } from '../src/audit/audit-log.js';
import { Database } from '../src/database/database.js';
import { bearer, createUser, expectError, PASSWORD, type TestUser } from './support/factories.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface AuditEvent {
  id: string;
  at: string;
  actor: { id: string | null; email: string; displayName: string | null } | null;
  action: string;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The client address each request claims (TRUST_PROXY=true makes the API believe it). */
const IP = '203.0.113.7';

describe('Audit log', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    app = await createTestApp({ TRUST_PROXY: 'true' });
    admin = await createUser(app, 'admin');
    member = await createUser(app, 'member');
  });
  afterAll(async () => {
    await app.close();
  });

  async function page(query: Record<string, string | number> = {}) {
    const response = await app.http
      .get('/api/admin/audit')
      .query(query)
      .set(bearer(admin))
      .expect(200);
    return response.body as { events: AuditEvent[]; nextCursor: string | null };
  }

  /** The newest event of an action, which the step before must have written. */
  async function latest(action: string): Promise<AuditEvent> {
    const { events } = await page({ action, limit: 200 });
    const event = events.find((candidate) => candidate.action === action);
    if (!event) throw new Error(`no ${action} event was recorded`);
    return event;
  }

  describe('records', () => {
    it('a sign-in with the actor and the address it came from', async () => {
      const user = await createUser(app, 'viewer');
      const login = await app.http
        .post('/api/auth/login')
        .set('X-Forwarded-For', IP)
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expect(login.body.token).toEqual(expect.any(String));
      const event = await latest('auth.sign_in');
      expect(event).toMatchObject({
        actor: { id: user.id, email: user.email, displayName: expect.any(String) },
        target: { type: 'user', id: user.id },
        ip: IP,
        details: { method: 'password' },
      });
    });

    it('a failed sign-in with the e-mail tried and never the password', async () => {
      await app.http
        .post('/api/auth/login')
        .set('X-Forwarded-For', '198.51.100.23')
        .send({ email: 'nobody@example.com', password: 'guessed-secret-42' })
        .expect(401);
      const event = await latest('auth.sign_in.failed');
      expect(event).toMatchObject({
        actor: { id: null, email: 'nobody@example.com', displayName: null },
        target: null,
        ip: '198.51.100.23',
      });
      expect(JSON.stringify(event)).not.toContain('guessed-secret-42');
    });

    it('a sign-out, with the address of the request', async () => {
      const user = await createUser(app, 'viewer');
      await app.http
        .post('/api/auth/logout')
        .set(bearer(user))
        .set('X-Forwarded-For', IP)
        .expect(204);
      expect(await latest('auth.sign_out')).toMatchObject({
        actor: { id: user.id, email: user.email },
        ip: IP,
      });
    });

    it('a password change, leaving the passwords out', async () => {
      const user = await createUser(app, 'viewer');
      await app.http
        .post('/api/auth/password')
        .set(bearer(user))
        .send({ currentPassword: PASSWORD, newPassword: 'a-whole-new-password' })
        .expect(204);
      const event = await latest('auth.password.changed');
      expect(event).toMatchObject({
        actor: { id: user.id },
        target: { type: 'user', id: user.id },
      });
      expect(JSON.stringify(event)).not.toContain('a-whole-new-password');
    });

    it('API token creation and revocation', async () => {
      const created = await app.http
        .post('/api/auth/tokens')
        .set(bearer(member))
        .send({ name: 'CI importer' })
        .expect(201);
      const tokenId = created.body.token.id as string;
      expect(await latest('auth.token.created')).toMatchObject({
        actor: { id: member.id },
        target: { type: 'api_token', id: tokenId },
        details: { name: 'CI importer', role: 'member' },
      });
      expect(JSON.stringify(await page({ action: 'auth.token' }))).not.toContain(
        created.body.secret,
      );
      await app.http.delete(`/api/auth/tokens/${tokenId}`).set(bearer(member)).expect(204);
      expect(await latest('auth.token.revoked')).toMatchObject({
        actor: { id: member.id },
        target: { type: 'api_token', id: tokenId },
      });
    });

    it('role changes and deactivations, by the admin who made them', async () => {
      const user = await createUser(app, 'viewer');
      await app.http
        .patch(`/api/admin/users/${user.id}`)
        .set(bearer(admin))
        .set('X-Forwarded-For', IP)
        .send({ role: 'editor' })
        .expect(200);
      expect(await latest('admin.user.role_changed')).toMatchObject({
        actor: { id: admin.id, email: admin.email },
        target: { type: 'user', id: user.id },
        ip: IP,
        details: { from: 'viewer', to: 'editor', email: user.email },
      });
      await app.http
        .patch(`/api/admin/users/${user.id}`)
        .set(bearer(admin))
        .send({ active: false })
        .expect(200);
      expect(await latest('admin.user.deactivated')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'user', id: user.id },
      });
    });

    it('invitations created, revoked and accepted', async () => {
      const first = await app.http
        .post('/api/admin/invites')
        .set(bearer(admin))
        .send({ email: 'invitee-one@example.com', role: 'member' })
        .expect(201);
      expect(await latest('admin.invite.created')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'invite', id: first.body.invite.id },
        details: { email: 'invitee-one@example.com', role: 'member' },
      });
      await app.http
        .delete(`/api/admin/invites/${first.body.invite.id}`)
        .set(bearer(admin))
        .expect(204);
      expect(await latest('admin.invite.revoked')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'invite', id: first.body.invite.id },
      });

      const second = await app.http
        .post('/api/admin/invites')
        .set(bearer(admin))
        .send({ email: 'invitee-two@example.com', role: 'viewer' })
        .expect(201);
      const token = (second.body.url as string).split('/').pop() as string;
      const accepted = await app.http
        .post(`/api/invites/${token}/accept`)
        .set('X-Forwarded-For', IP)
        .send({ displayName: 'Invitee Two', password: 'invitee-password-1' })
        .expect(201);
      expect(await latest('auth.invite.accepted')).toMatchObject({
        actor: { id: accepted.body.user.id, email: 'invitee-two@example.com' },
        ip: IP,
      });
    });

    it('imports, audience changes and deletions of briefings', async () => {
      const imported = await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .set('Content-Type', 'text/plain')
        .send(sampleOn(uniqueDate()))
        .expect(201);
      const briefingId = imported.body.id as string;
      expect(await latest('briefing.imported')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'briefing', id: briefingId },
        details: { source: 'upload', count: 1, created: 1, briefingIds: [briefingId] },
      });

      const group = await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201);
      const groupId = group.body.group.id as string;
      await app.http
        .put(`/api/admin/groups/${groupId}/members`)
        .set(bearer(admin))
        .send({ userIds: [admin.id] })
        .expect(200);
      await app.http
        .patch(`/api/briefings/${briefingId}`)
        .set(bearer(admin))
        .send({ visibility: 'restricted', groupIds: [groupId] })
        .expect(200);
      expect(await latest('briefing.visibility_changed')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'briefing', id: briefingId },
        details: {
          from: { visibility: 'team', groupIds: [] },
          to: { visibility: 'restricted', groupIds: [groupId] },
        },
      });
      // A title change alone is no audience change.
      const before = (await page({ action: 'briefing.visibility_changed' })).events.length;
      await app.http
        .patch(`/api/briefings/${briefingId}`)
        .set(bearer(admin))
        .send({ title: 'Daily Sync renamed' })
        .expect(200);
      expect((await page({ action: 'briefing.visibility_changed' })).events).toHaveLength(before);

      await app.http.delete(`/api/briefings/${briefingId}`).set(bearer(admin)).expect(204);
      expect(await latest('briefing.deleted')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'briefing', id: briefingId },
        details: { title: 'Daily Sync renamed' },
      });
    });

    it('group changes, with the actor taken from the request', async () => {
      const group = await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Finance' })
        .expect(201);
      const groupId = group.body.group.id as string;
      expect(await latest('group.created')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'group', id: groupId },
        details: { name: 'Finance' },
      });
      await app.http
        .put(`/api/admin/groups/${groupId}/members`)
        .set(bearer(admin))
        .send({ userIds: [member.id] })
        .expect(200);
      expect(await latest('group.members_changed')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'group', id: groupId },
        details: { added: [member.id], removed: [] },
      });
      await app.http.delete(`/api/admin/groups/${groupId}`).set(bearer(admin)).expect(204);
      expect(await latest('group.deleted')).toMatchObject({
        target: { type: 'group', id: groupId },
      });
    });

    it('decision status changes', async () => {
      const proposed = await app.http
        .post('/api/decisions')
        .set(bearer(admin))
        .send({ title: 'Ship weekly', statement: 'We ship on Thursdays.' })
        .expect(201);
      await app.http
        .patch(`/api/decisions/${proposed.body.id}`)
        .set(bearer(admin))
        .send({ status: 'accepted' })
        .expect(200);
      expect(await latest('decision.status_changed')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'decision', id: proposed.body.id },
        details: { title: 'Ship weekly', from: 'proposed', to: 'accepted' },
      });
    });

    it('search synonym settings', async () => {
      await app.http
        .put('/api/search/synonyms')
        .set(bearer(admin))
        .send({ synonyms: [['okr', 'objectives']] })
        .expect(200);
      expect(await latest('settings.search_synonyms_changed')).toMatchObject({
        actor: { id: admin.id },
        target: { type: 'settings', id: 'search_synonyms' },
        details: { synonyms: [['okr', 'objectives']] },
      });
    });

    it('keeps naming an actor whose account is gone', async () => {
      const user = await createUser(app, 'viewer');
      await app.server.app
        .get(AuditLog)
        .record({ actorId: user.id, action: 'test.deleted_actor', targetType: 'user' });
      await app.server.app.get(AuditLog).record({ actorId: null, action: 'test.deleted_actor' });
      await app.server.app.get(Database).deleteFrom('app_user').where('id', '=', user.id).execute();
      const { events } = await page({ action: 'test.deleted_actor' });
      expect(events.map((event) => event.actor)).toEqual([
        null,
        { id: null, email: user.email, displayName: null },
      ]);
    });
  });

  describe('reading', () => {
    it('filters by action prefix, actor, target and day', async () => {
      const auth = await page({ action: 'auth.', limit: 200 });
      expect(auth.events.length).toBeGreaterThan(0);
      expect(auth.events.every((event) => event.action.startsWith('auth.'))).toBe(true);
      // LIKE wildcards in the filter are plain characters.
      expect((await page({ action: 'auth_' })).events).toEqual([]);

      const byAdmin = await page({ actorId: admin.id, limit: 200 });
      expect(byAdmin.events.length).toBeGreaterThan(0);
      expect(byAdmin.events.every((event) => event.actor?.id === admin.id)).toBe(true);

      const byMember = await page({ targetType: 'api_token', limit: 200 });
      expect(byMember.events.map((event) => event.action).sort()).toEqual([
        'auth.token.created',
        'auth.token.revoked',
      ]);
      const one = byMember.events[0];
      const byTarget = await page({ targetType: 'api_token', targetId: one.target?.id as string });
      expect(byTarget.events).toHaveLength(2);

      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const all = await page({ limit: 200 });
      expect((await page({ from: today, to: today, limit: 200 })).events.length).toBe(
        all.events.filter((event) => event.at.startsWith(today)).length,
      );
      expect((await page({ from: tomorrow })).events).toEqual([]);
      expect((await page({ to: yesterday })).events).toEqual([]);
    });

    it('pages newest first with a cursor, every event once', async () => {
      const all = (await page({ limit: 200 })).events;
      expect(all.length).toBeGreaterThan(5);
      const seen: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const next: { events: AuditEvent[]; nextCursor: string | null } = await page(
          cursor ? { limit: 2, cursor } : { limit: 2 },
        );
        expect(next.events.length).toBeLessThanOrEqual(2);
        seen.push(...next.events);
        cursor = next.nextCursor;
      } while (cursor);
      expect(seen.map((event) => event.id)).toEqual(all.map((event) => event.id));
      const times = seen.map((event) => Date.parse(event.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('exports CSV with a header, quoting and formulas defused', async () => {
      const audit = app.server.app.get(AuditLog);
      await audit.record({
        actorId: null,
        actorLabel: '=HYPERLINK("http://evil.example","click")',
        action: 'test.csv',
        targetType: 'note',
        targetId: '+1, "two"\nthree',
        details: { text: 'plain' },
      });
      await audit.record({
        actorId: null,
        action: 'test.csv',
        targetType: 'note',
        targetId: '@SUM(A1)',
      });
      await audit.record({ actorId: null, action: 'test.csv', targetType: 'note', targetId: '-2' });
      const response = await app.http
        .get('/api/admin/audit.csv')
        .query({ action: 'test.csv' })
        .set(bearer(admin))
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toContain('audit.csv');
      const text = response.text;
      const [header] = text.split('\n');
      expect(header).toBe(
        'id,at,actor id,actor email,actor name,action,target type,target id,ip,details',
      );
      // Newest first: the two plain rows, then the one with every hazard.
      expect(text).toContain(",note,'-2,");
      expect(text).toContain(",note,'@SUM(A1),");
      expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",,test.csv,`);
      expect(text).toContain(`,note,"'+1, ""two""\nthree",,"{""text"":""plain""}"`);
      expect(text.trim().split('\n')).toHaveLength(1 + 3 + 1);
    });

    it('exports the same filters as the page', async () => {
      const response = await app.http
        .get('/api/admin/audit.csv')
        .query({ action: 'auth.token' })
        .set(bearer(admin))
        .expect(200);
      const lines = response.text.trim().split('\n').slice(1);
      expect(lines).toHaveLength(2);
      expect(lines.every((line) => /,auth\.token\.(created|revoked),/.test(line))).toBe(true);
    });
  });

  describe('access and input', () => {
    it('is for admins: members 403, anonymous 401', async () => {
      for (const path of ['/api/admin/audit', '/api/admin/audit.csv']) {
        expectError(await app.http.get(path).set(bearer(member)), 403, 'FORBIDDEN');
        expectError(await app.http.get(path), 401, 'UNAUTHENTICATED');
      }
    });

    it.each([
      ['limit', { limit: 0 }],
      ['limit', { limit: 201 }],
      ['limit', { limit: 'many' }],
      ['action', { action: "auth'; drop" }],
      ['actorId', { actorId: 'not-a-uuid' }],
      ['targetType', { targetType: 'Users!' }],
      ['from', { from: 'yesterday' }],
      ['from', { from: '2026-02-31' }],
      ['to', { to: '2026-13-01' }],
      ['from after to', { from: '2026-12-02', to: '2026-12-01' }],
      ['cursor', { cursor: 'bm90LWEtY3Vyc29y' }],
      ['unknown field', { colour: 'red' }],
    ])('refuses a bad %s with 400', async (_name, query) => {
      expectError(
        await app.http.get('/api/admin/audit').query(query).set(bearer(admin)),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('refuses bad filters on the CSV with 400 before streaming', async () => {
      expectError(
        await app.http.get('/api/admin/audit.csv').query({ from: 'soon' }).set(bearer(admin)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await app.http.get('/api/admin/audit.csv').query({ limit: 5 }).set(bearer(admin)),
        400,
        'VALIDATION_FAILED',
      );
    });
  });
});
