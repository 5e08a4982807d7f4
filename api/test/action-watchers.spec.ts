import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { RemindersService } from '../src/reminders/reminders.service.js';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');
const NOBODY = '00000000-0000-4000-8000-000000000000';

interface Person {
  id: string;
  displayName: string;
  handle: string;
}
interface Action {
  id: string;
  title: string;
  status: string;
  owner: Person | null;
  watchers: Person[];
  activity?: Array<{ actor: { id: string } | null; change: Record<string, unknown> }>;
  links?: Array<{ type: string; id: string }>;
}
interface Notification {
  id: string;
  kind: string;
  actor: { id: string } | null;
  action: { id: string; title: string; status: string; dueOn: string | null } | null;
}

describe('Action-item watchers', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let owner: TestUser; // member, owns most actions here
  let other: TestUser; // member, neither owner nor creator
  let viewer: TestUser;
  let watcherA: TestUser; // member
  let watcherB: TestUser; // viewer: viewers may watch
  let insider: TestUser; // in the Board group
  let outsider: TestUser; // in no group
  let team: { id: string; sections: Array<{ items: Array<{ id: string }> }> };
  let secret: { id: string; sections: Array<{ items: Array<{ id: string }> }> };
  let boardGroupId: string;
  const sockets: Socket[] = [];

  const ids = (people: Person[]) => people.map((person) => person.id);
  const sortedIds = (users: TestUser[]) => users.map((user) => user.id).sort();

  async function create(user: TestUser, body: Record<string, unknown>): Promise<Action> {
    return (await app.http.post('/api/actions').set(bearer(user)).send(body).expect(201)).body;
  }
  async function read(id: string, user: TestUser = admin): Promise<Action> {
    return (await app.http.get(`/api/actions/${id}`).set(bearer(user)).expect(200)).body;
  }
  async function notifications(user: TestUser): Promise<Notification[]> {
    return (await app.http.get('/api/notifications').set(bearer(user)).expect(200)).body
      .notifications;
  }
  async function changedAbout(user: TestUser, actionId: string): Promise<Notification[]> {
    return (await notifications(user)).filter(
      (n) => n.kind === 'action.changed' && n.action?.id === actionId,
    );
  }
  async function count(): Promise<number> {
    return (await app.http.get('/api/actions?limit=200').set(bearer(admin)).expect(200)).body
      .actions.length;
  }
  function connect(user: TestUser): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = io(app.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: user.token },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }
  const until = async (check: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for socket events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  beforeAll(async () => {
    app = await createTestApp({ REMINDER_INTERVAL_SECONDS: '0' });
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    owner = await createUser(app, 'member');
    other = await createUser(app, 'member');
    viewer = await createUser(app, 'viewer');
    watcherA = await createUser(app, 'member');
    watcherB = await createUser(app, 'viewer');
    insider = await createUser(app, 'member');
    outsider = await createUser(app, 'member');
    const group = (
      await app.http
        .post('/api/admin/groups')
        .set(bearer(admin))
        .send({ name: 'Board' })
        .expect(201)
    ).body.group;
    boardGroupId = group.id;
    await app.http
      .put(`/api/admin/groups/${group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: [insider.id] })
      .expect(200);
    team = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample)
        .expect(201)
    ).body;
    secret = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(admin))
        .send({
          content: sample.replaceAll('May 7, 2026', 'June 1, 2026'),
          visibility: 'restricted',
          groupIds: [group.id],
        })
        .expect(201)
    ).body;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app.close();
  });

  describe('setting watchers', () => {
    it('creates an action with watchers, shown on get, in lists, follow-ups, CSV and the activity log', async () => {
      const action = await create(owner, {
        title: 'Watched from the start',
        ownerId: owner.id,
        dueOn: '2099-05-01',
        watcherIds: [watcherA.id, watcherB.id, watcherA.id],
        links: [{ type: 'briefing', id: team.id }],
      });
      expect(action.watchers).toHaveLength(2);
      expect(ids(action.watchers).sort()).toEqual(sortedIds([watcherA, watcherB]));
      expect(action.watchers[0]).toEqual({
        id: expect.any(String),
        displayName: expect.any(String),
        handle: expect.any(String),
      });
      const watcherARow = action.watchers.find((w) => w.id === watcherA.id)!;
      expect(watcherARow.handle).toBe(watcherA.email.split('@')[0]);
      expect(action.activity).toEqual([
        expect.objectContaining({
          change: { created: true, watchers: { from: [], to: sortedIds([watcherA, watcherB]) } },
        }),
      ]);

      const list = (await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200))
        .body.actions as Action[];
      expect(ids(list.find((row) => row.id === action.id)!.watchers).sort()).toEqual(
        sortedIds([watcherA, watcherB]),
      );
      // Every list row carries the field, an empty list when nobody watches.
      const unwatched = await create(owner, { title: 'Nobody watches this' });
      const again = (await app.http.get('/api/actions?limit=200').set(bearer(viewer)).expect(200))
        .body.actions as Action[];
      expect(again.find((row) => row.id === unwatched.id)!.watchers).toEqual([]);

      const csv = await app.http.get('/api/actions/export.csv').set(bearer(viewer)).expect(200);
      const header = csv.text.split('\n')[0];
      expect(header).toBe(
        'id,title,status,priority,due on,overdue,owner,created at,completed at,watchers',
      );
      const row = csv.text.split('\n').find((line) => line.startsWith(action.id))!;
      const names = action.watchers.map((w) => w.displayName).join('; ');
      expect(row.endsWith(`,${names}`)).toBe(true);
    });

    it('shows watchers on the follow-ups of a later briefing on the same topic', async () => {
      const later = (
        await app.http
          .post('/api/briefings/import')
          .set(bearer(editor))
          .send({ content: sample.replaceAll('May 7, 2026', 'May 9, 2026') })
          .expect(201)
      ).body;
      for (const id of [team.id, later.id])
        await app.http
          .patch(`/api/briefings/${id}`)
          .set(bearer(admin))
          .send({ tags: ['watchers-topic'] })
          .expect(200);
      const action = await create(owner, {
        title: 'Follow-up with a watcher',
        watcherIds: [watcherA.id],
        links: [{ type: 'item', id: team.sections[0].items[0].id }],
      });
      const followUps = (
        await app.http.get(`/api/briefings/${later.id}/follow-ups`).set(bearer(viewer)).expect(200)
      ).body.actions as Action[];
      expect(ids(followUps.find((row) => row.id === action.id)!.watchers)).toEqual([watcherA.id]);
    });

    it('replaces the set on PATCH, records from/to in the activity log and announces the row', async () => {
      const action = await create(owner, {
        title: 'Replace my watchers',
        watcherIds: [watcherA.id],
      });
      const socket = await connect(viewer);
      const rows: Action[] = [];
      socket.on('action.changed', (body: { action: Action }) => {
        if (body.action.id === action.id) rows.push(body.action);
      });
      await expect(socket.timeout(5_000).emitWithAck('actions:subscribe')).resolves.toEqual({
        ok: true,
      });

      const replaced = (
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(owner))
          .send({ watcherIds: [watcherB.id, other.id] })
          .expect(200)
      ).body as Action;
      expect(ids(replaced.watchers).sort()).toEqual(sortedIds([watcherB, other]));
      expect(replaced.activity!.at(-1)).toMatchObject({
        actor: { id: owner.id },
        change: { watchers: { from: [watcherA.id], to: sortedIds([watcherB, other]) } },
      });
      // The creation's own event is relayed after its commit and may still arrive after the
      // subscription: the PATCH's row is the one with the new set.
      const replacedSet = sortedIds([watcherB, other]).join();
      await until(() => rows.some((row) => ids(row.watchers).sort().join() === replacedSet));

      // The same set again changes nothing and logs nothing; an empty list clears it.
      const activityLength = replaced.activity!.length;
      const same = (
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(owner))
          .send({ watcherIds: [other.id, watcherB.id] })
          .expect(200)
      ).body as Action;
      expect(same.activity).toHaveLength(activityLength);
      const cleared = (
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(editor))
          .send({ watcherIds: [] })
          .expect(200)
      ).body as Action;
      expect(cleared.watchers).toEqual([]);
      // A PATCH without watcherIds leaves them alone.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(owner))
        .send({ watcherIds: [watcherA.id] })
        .expect(200);
      const retitled = (
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(owner))
          .send({ title: 'Renamed, same watchers' })
          .expect(200)
      ).body as Action;
      expect(ids(retitled.watchers)).toEqual([watcherA.id]);
    });

    it('lets any reader watch and unwatch themselves, idempotently', async () => {
      const action = await create(owner, { title: 'Anyone may watch' });
      const watched = (
        await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(viewer)).expect(200)
      ).body as Action;
      expect(ids(watched.watchers)).toEqual([viewer.id]);
      expect(watched.activity!.at(-1)).toMatchObject({
        actor: { id: viewer.id },
        change: { watchers: { from: [], to: [viewer.id] } },
      });
      // Again: still watching, nothing new in the log.
      const twice = (
        await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(viewer)).expect(200)
      ).body as Action;
      expect(ids(twice.watchers)).toEqual([viewer.id]);
      expect(twice.activity).toHaveLength(watched.activity!.length);
      // A member who may not edit the action may still watch it.
      await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(other)).expect(200);
      const unwatched = (
        await app.http.delete(`/api/actions/${action.id}/watch`).set(bearer(viewer)).expect(200)
      ).body as Action;
      expect(ids(unwatched.watchers)).toEqual([other.id]);
      await app.http.delete(`/api/actions/${action.id}/watch`).set(bearer(viewer)).expect(200);
      expect(ids((await read(action.id)).watchers)).toEqual([other.id]);
    });
  });

  describe('access denied', () => {
    it('refuses a member changing watchers of an action they neither own nor created, and viewers, with 403', async () => {
      const action = await create(owner, {
        title: 'Not yours to staff',
        watcherIds: [watcherA.id],
      });
      expectError(
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(other))
          .send({ watcherIds: [other.id] }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(viewer))
          .send({ watcherIds: [] }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await app.http
          .post('/api/actions')
          .set(bearer(viewer))
          .send({ title: 'x', watcherIds: [viewer.id] }),
        403,
        'FORBIDDEN',
      );
      expect(ids((await read(action.id)).watchers)).toEqual([watcherA.id]);
    });

    it('answers 404 to watching an action the caller may not read, or that does not exist', async () => {
      const hidden = await create(insider, {
        title: 'Board only',
        links: [{ type: 'briefing', id: secret.id }],
      });
      expectError(
        await app.http.put(`/api/actions/${hidden.id}/watch`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.http.delete(`/api/actions/${hidden.id}/watch`).set(bearer(outsider)),
        404,
        'NOT_FOUND',
      );
      expect((await read(hidden.id)).watchers).toEqual([]);
      expectError(
        await app.http.put(`/api/actions/${NOBODY}/watch`).set(bearer(viewer)),
        404,
        'NOT_FOUND',
      );
      // The insider may.
      await app.http.put(`/api/actions/${hidden.id}/watch`).set(bearer(insider)).expect(200);
    });

    it('refuses an owner or watcher who may not read the action with 400 naming the field, changing nothing', async () => {
      const before = await count();
      const asOwner = await app.http
        .post('/api/actions')
        .set(bearer(insider))
        .send({
          title: 'Board plan for an outsider',
          ownerId: outsider.id,
          links: [{ type: 'briefing', id: secret.id }],
        });
      expectError(asOwner, 400, 'VALIDATION_FAILED');
      expect(asOwner.body.error.details).toEqual([
        expect.objectContaining({ field: 'ownerId', userIds: [outsider.id] }),
      ]);
      const asWatcher = await app.http
        .post('/api/actions')
        .set(bearer(insider))
        .send({
          title: 'Board plan watched by an outsider',
          watcherIds: [insider.id, outsider.id],
          links: [{ type: 'item', id: secret.sections[0].items[0].id }],
        });
      expectError(asWatcher, 400, 'VALIDATION_FAILED');
      expect(asWatcher.body.error.details).toEqual([
        expect.objectContaining({ field: 'watcherIds', userIds: [outsider.id] }),
      ]);
      expect(await count()).toBe(before);

      const board = await create(insider, {
        title: 'Board plan',
        ownerId: insider.id,
        dueOn: '2099-09-09',
        links: [{ type: 'briefing', id: secret.id }],
      });
      const patchOwner = await app.http
        .patch(`/api/actions/${board.id}`)
        .set(bearer(insider))
        .send({ ownerId: outsider.id, dueOn: '2099-10-10' });
      expectError(patchOwner, 400, 'VALIDATION_FAILED');
      expect(patchOwner.body.error.details[0]).toMatchObject({ field: 'ownerId' });
      const patchWatchers = await app.http
        .patch(`/api/actions/${board.id}`)
        .set(bearer(admin))
        .send({ watcherIds: [outsider.id], status: 'in_progress' });
      expectError(patchWatchers, 400, 'VALIDATION_FAILED');
      expect(patchWatchers.body.error.details[0]).toMatchObject({
        field: 'watcherIds',
        userIds: [outsider.id],
      });
      const unchanged = await read(board.id);
      expect(unchanged).toMatchObject({
        owner: { id: insider.id },
        dueOn: '2099-09-09',
        status: 'open',
        watchers: [],
      });
      expect(unchanged.activity).toHaveLength(1);

      // A new link that would hide a team action from its owner or watchers is refused too.
      const teamAction = await create(owner, {
        title: 'Team work, watched by an outsider',
        ownerId: owner.id,
        watcherIds: [outsider.id],
      });
      const hiding = await app.http
        .patch(`/api/actions/${teamAction.id}`)
        .set(bearer(admin))
        .send({ links: [{ type: 'briefing', id: secret.id }] });
      expectError(hiding, 400, 'VALIDATION_FAILED');
      expect(hiding.body.error.details).toEqual([
        expect.objectContaining({ field: 'links', userIds: sortedIds([owner, outsider]) }),
      ]);
      expect((await read(teamAction.id, outsider)).links).toEqual([]);
      // Handing it to an insider and dropping the outsider in the same request makes the link fine.
      const stillHiding = await app.http
        .patch(`/api/actions/${teamAction.id}`)
        .set(bearer(admin))
        .send({
          ownerId: insider.id,
          watcherIds: [],
          links: [{ type: 'briefing', id: secret.id }],
        });
      expect(stillHiding.status).toBe(200);
      expect(stillHiding.body).toMatchObject({ owner: { id: insider.id }, watchers: [] });
    });
  });

  describe('bad input', () => {
    it('refuses malformed, unknown, inactive and too many watchers with 400, changing nothing', async () => {
      const before = await count();
      const action = await create(owner, {
        title: 'Validate my watchers',
        watcherIds: [watcherA.id],
      });
      const inactive = await createUser(app, 'member');
      await app.http
        .patch(`/api/admin/users/${inactive.id}`)
        .set(bearer(admin))
        .send({ active: false })
        .expect(200);
      const tooMany = Array.from(
        { length: 51 },
        (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
      for (const watcherIds of [['not-a-uuid'], 'x', null, [42], tooMany]) {
        expectError(
          await app.http.post('/api/actions').set(bearer(owner)).send({ title: 'x', watcherIds }),
          400,
          'VALIDATION_FAILED',
        );
        const patched = await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(owner))
          .send({ watcherIds });
        expectError(patched, 400, 'VALIDATION_FAILED');
        expect(patched.body.error.details).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ field: expect.stringMatching(/^watcherIds/) }),
          ]),
        );
      }
      for (const unknown of [NOBODY, inactive.id]) {
        const created = await app.http
          .post('/api/actions')
          .set(bearer(owner))
          .send({ title: 'x', watcherIds: [watcherB.id, unknown] });
        expectError(created, 400, 'VALIDATION_FAILED');
        expect(created.body.error.details).toEqual([
          { field: 'watcherIds', problems: ['not an active user'], userIds: [unknown] },
        ]);
        const patched = await app.http
          .patch(`/api/actions/${action.id}`)
          .set(bearer(owner))
          .send({ watcherIds: [unknown], title: 'Should not be renamed' });
        expectError(patched, 400, 'VALIDATION_FAILED');
        expect(patched.body.error.details[0]).toMatchObject({
          field: 'watcherIds',
          userIds: [unknown],
        });
      }
      expectError(
        await app.http.put('/api/actions/not-a-uuid/watch').set(bearer(viewer)),
        400,
        'VALIDATION_FAILED',
      );
      const unchanged = await read(action.id);
      expect(unchanged).toMatchObject({ title: 'Validate my watchers' });
      expect(ids(unchanged.watchers)).toEqual([watcherA.id]);
      expect(unchanged.activity).toHaveLength(1);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('notifications', () => {
    it('tells the owner and watchers, never the actor, when someone changes status, owner or due date; pushes them live', async () => {
      const action = await create(owner, {
        title: 'Ship the watcher feature',
        ownerId: owner.id,
        dueOn: '2099-01-10',
        watcherIds: [watcherA.id, watcherB.id],
      });
      const socket = await connect(watcherB);
      const pushed: Array<{ notification: Notification; unreadCount: number }> = [];
      socket.on(
        'notification.created',
        (body: { notification: Notification; unreadCount: number }) => {
          if (body.notification.action?.id === action.id) pushed.push(body);
        },
      );

      // The editor changes the status: owner and both watchers hear, the editor does not.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(editor))
        .send({ status: 'in_progress' })
        .expect(200);
      for (const user of [owner, watcherA, watcherB]) {
        const notes = await changedAbout(user, action.id);
        expect(notes).toEqual([
          expect.objectContaining({
            kind: 'action.changed',
            thread: null,
            actor: expect.objectContaining({ id: editor.id }),
            action: {
              id: action.id,
              title: 'Ship the watcher feature',
              status: 'in_progress',
              dueOn: '2099-01-10',
            },
          }),
        ]);
      }
      expect(await changedAbout(editor, action.id)).toEqual([]);
      await until(() => pushed.length >= 1);
      expect(pushed[0]).toMatchObject({
        notification: { kind: 'action.changed', actor: { id: editor.id } },
        unreadCount: 1,
      });

      // The owner moves the due date: the watchers hear, the owner (the actor) does not.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(owner))
        .send({ dueOn: '2099-02-01' })
        .expect(200);
      expect(await changedAbout(owner, action.id)).toHaveLength(1);
      expect(await changedAbout(watcherA, action.id)).toHaveLength(2);
      expect(await changedAbout(watcherB, action.id)).toHaveLength(2);
      await until(() => pushed.length >= 2);
      expect(pushed[1].unreadCount).toBe(2);

      // A title, priority or watcher change notifies nobody.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(editor))
        .send({
          title: 'Ship watchers',
          priority: 'high',
          watcherIds: [watcherA.id, watcherB.id, viewer.id],
        })
        .expect(200);
      expect(await changedAbout(owner, action.id)).toHaveLength(1);
      expect(await changedAbout(viewer, action.id)).toEqual([]);

      // A new owner: the previous owner and the new one both hear, and so do the watchers.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(editor))
        .send({ ownerId: other.id })
        .expect(200);
      expect(await changedAbout(owner, action.id)).toHaveLength(2);
      expect(await changedAbout(other, action.id)).toHaveLength(1);
      expect(await changedAbout(viewer, action.id)).toHaveLength(1);
      expect(await changedAbout(editor, action.id)).toEqual([]);

      // A watcher who is the actor is skipped too.
      await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(editor)).expect(200);
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(editor))
        .send({ status: 'done' })
        .expect(200);
      expect(await changedAbout(editor, action.id)).toEqual([]);
      expect(await changedAbout(other, action.id)).toHaveLength(2);
    });

    it('does not notify a watcher who lost access to the action', async () => {
      const action = await create(insider, {
        title: 'Board follow-up',
        ownerId: insider.id,
        links: [{ type: 'briefing', id: secret.id }],
      });
      // Watching while in the group, then removed from it.
      await app.http
        .put(`/api/admin/groups/${boardGroupId}/members`)
        .set(bearer(admin))
        .send({ userIds: [insider.id, watcherA.id] })
        .expect(200);
      await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(watcherA)).expect(200);
      await app.http
        .put(`/api/admin/groups/${boardGroupId}/members`)
        .set(bearer(admin))
        .send({ userIds: [insider.id] })
        .expect(200);
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(admin))
        .send({ status: 'blocked' })
        .expect(200);
      expect(await changedAbout(insider, action.id)).toHaveLength(1);
      expect((await notifications(watcherA)).filter((n) => n.action?.id === action.id)).toEqual([]);
      // Someone who already lost access is no reason to refuse a new link.
      await app.http
        .patch(`/api/actions/${action.id}`)
        .set(bearer(admin))
        .send({ links: [{ type: 'briefing', id: team.id }] })
        .expect(200);
    });
  });

  describe('reminders', () => {
    it('reminds watchers too, once per user, action and due date (an owner who watches gets one)', async () => {
      const sut = app.server.app.get(RemindersService);
      const action = await create(owner, {
        title: 'Due with watchers',
        ownerId: owner.id,
        dueOn: '2030-03-11',
        watcherIds: [owner.id, watcherA.id, watcherB.id],
      });
      const reminders = async (user: TestUser) =>
        (await notifications(user)).filter(
          (n) =>
            n.action?.id === action.id && ['action.due_soon', 'action.overdue'].includes(n.kind),
        );
      await sut.runPass(new Date('2030-03-10T08:00:00Z'));
      for (const user of [owner, watcherA, watcherB])
        expect((await reminders(user)).map((n) => n.kind)).toEqual(['action.due_soon']);
      expect(await reminders(other)).toEqual([]);
      // A second pass claims nothing new.
      await sut.runPass(new Date('2030-03-10T09:00:00Z'));
      for (const user of [owner, watcherA, watcherB]) expect(await reminders(user)).toHaveLength(1);
      // A watcher added later is reminded on the next pass; the next day it is overdue for everyone.
      await app.http.put(`/api/actions/${action.id}/watch`).set(bearer(other)).expect(200);
      await sut.runPass(new Date('2030-03-10T10:00:00Z'));
      expect((await reminders(other)).map((n) => n.kind)).toEqual(['action.due_soon']);
      await sut.runPass(new Date('2030-03-12T08:00:00Z'));
      for (const user of [owner, watcherA, watcherB, other])
        expect((await reminders(user)).map((n) => n.kind).sort()).toEqual([
          'action.due_soon',
          'action.overdue',
        ]);
    });
  });
});
