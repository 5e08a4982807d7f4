import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');

interface Received {
  type: 'action.changed' | 'decision.changed';
  id: string;
  status: string;
  body: Record<string, unknown>;
}

describe('Live action items and decisions over socket.io', () => {
  let app: TestApp;
  let admin: TestUser;
  let editor: TestUser;
  let boardMember: TestUser; // in Board
  let bothMember: TestUser; // in Board and Legal
  let outsider: TestUser; // in no group
  let teamItem: string;
  let boardThread: string;
  let legalItem: string;
  const sockets: Socket[] = [];

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

  function collect(socket: Socket): Received[] {
    const received: Received[] = [];
    socket.on('action.changed', (body: { action: { id: string; status: string } }) =>
      received.push({
        type: 'action.changed',
        id: body.action.id,
        status: body.action.status,
        body,
      }),
    );
    socket.on('decision.changed', (body: { decision: { id: string; status: string } }) =>
      received.push({
        type: 'decision.changed',
        id: body.decision.id,
        status: body.decision.status,
        body,
      }),
    );
    return received;
  }

  async function subscribed(user: TestUser): Promise<Received[]> {
    const socket = await connect(user);
    const received = collect(socket);
    await expect(socket.timeout(5_000).emitWithAck('actions:subscribe')).resolves.toEqual({
      ok: true,
    });
    return received;
  }

  const until = async (check: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for socket events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  async function group(name: string, members: TestUser[]): Promise<string> {
    const created = await app.http
      .post('/api/admin/groups')
      .set(bearer(admin))
      .send({ name })
      .expect(201);
    await app.http
      .put(`/api/admin/groups/${created.body.group.id}/members`)
      .set(bearer(admin))
      .send({ userIds: members.map((member) => member.id) })
      .expect(200);
    return created.body.group.id;
  }

  beforeAll(async () => {
    app = await createTestApp({ REMINDER_INTERVAL_SECONDS: '0' });
    admin = await createUser(app, 'admin');
    editor = await createUser(app, 'editor');
    boardMember = await createUser(app, 'member');
    bothMember = await createUser(app, 'member');
    outsider = await createUser(app, 'member');
    const board = await group('Board', [boardMember, bothMember]);
    const legal = await group('Legal', [bothMember]);
    const importAs = async (date: string, groupIds?: string[]) =>
      (
        await app.http
          .post('/api/briefings/import')
          .set(bearer(admin))
          .send({
            content: sample.replaceAll('May 7, 2026', date),
            ...(groupIds ? { visibility: 'restricted', groupIds } : {}),
          })
          .expect(201)
      ).body;
    teamItem = (await importAs('May 7, 2026')).sections[0].items[0].id;
    boardThread = (await importAs('June 1, 2026', [board])).sections[0].discussion.threadId;
    legalItem = (await importAs('June 2, 2026', [legal])).sections[0].items[0].id;
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await app.close();
  });

  it('sends action.changed with the list row on create and on each status change, to subscribers only', async () => {
    const watcher = await subscribed(outsider);
    const idle = collect(await connect(boardMember)); // connected, never subscribed
    const created = await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'Ship the board view', links: [{ type: 'item', id: teamItem }] })
      .expect(201);
    await until(() => watcher.length === 1);
    const listed = await app.http
      .get(`/api/actions?linkType=item&linkId=${teamItem}`)
      .set(bearer(outsider))
      .expect(200);
    expect(watcher[0].body).toEqual({ action: listed.body.actions[0] });
    for (const status of ['in_progress', 'blocked', 'done']) {
      await app.http
        .patch(`/api/actions/${created.body.id}`)
        .set(bearer(editor))
        .send({ status })
        .expect(200);
    }
    await until(() => watcher.length === 4);
    // Each event carries the row as it is when sent (after its commit): under load a later change may
    // already show, so the statuses follow the order of the changes and end with the last one.
    const order = ['open', 'in_progress', 'blocked', 'done'];
    const seen = watcher.map((event) => order.indexOf(event.status));
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(idle).toEqual([]);
  });

  it('sends changes tied to a restricted briefing only to its groups and admins', async () => {
    const board = await subscribed(boardMember);
    const both = await subscribed(bothMember);
    const out = await subscribed(outsider);
    const adminEvents = await subscribed(admin);
    const secret = await app.http
      .post('/api/actions')
      .set(bearer(boardMember))
      .send({ title: 'Board-only', links: [{ type: 'discussion', id: boardThread }] })
      .expect(201);
    // Tied to Board AND Legal briefings: only someone in both groups (and admins) may read it.
    const crossed = await app.http
      .post('/api/actions')
      .set(bearer(bothMember))
      .send({
        title: 'Board and Legal',
        links: [
          { type: 'discussion', id: boardThread },
          { type: 'item', id: legalItem },
        ],
      })
      .expect(201);
    // A team action last: once everyone has it, anything they were going to get has arrived.
    const marker = await app.http
      .post('/api/actions')
      .set(bearer(editor))
      .send({ title: 'For everyone' })
      .expect(201);
    const everyone = [board, both, out, adminEvents];
    const has = (events: Received[], id: string) => events.some((event) => event.id === id);
    await until(
      () =>
        everyone.every((events) => has(events, marker.body.id)) &&
        [board, both, adminEvents].every((events) => has(events, secret.body.id)) &&
        [both, adminEvents].every((events) => has(events, crossed.body.id)),
    );
    // Each emit reaches all its rooms at once: whoever was going to get these has them by now.
    const seen = (events: Received[]) => new Set(events.map((event) => event.id));
    expect(seen(board)).toEqual(new Set([secret.body.id, marker.body.id]));
    expect(seen(both)).toEqual(new Set([secret.body.id, crossed.body.id, marker.body.id]));
    expect(seen(out)).toEqual(new Set([marker.body.id]));
    expect(seen(adminEvents)).toEqual(new Set([secret.body.id, crossed.body.id, marker.body.id]));
  });

  it('sends decision.changed on proposal, acceptance and supersede, with the same audience rule', async () => {
    const board = await subscribed(boardMember);
    const out = await subscribed(outsider);
    const secret = await app.http
      .post('/api/decisions')
      .set(bearer(boardMember))
      .send({ title: 'Board call', statement: 'Yes.', threadId: boardThread })
      .expect(201);
    const open = await app.http
      .post('/api/decisions')
      .set(bearer(outsider))
      .send({ title: 'Team call', statement: 'Maybe.' })
      .expect(201);
    await app.http
      .patch(`/api/decisions/${open.body.id}`)
      .set(bearer(editor))
      .send({ status: 'accepted' })
      .expect(200);
    const next = await app.http
      .post(`/api/decisions/${open.body.id}/supersede`)
      .set(bearer(editor))
      .send({ title: 'Team call, revised', statement: 'No.' })
      .expect(201);
    await until(() => out.length === 4 && board.length === 5);
    // Per decision, events arrive in commit order.
    const of = (id: string) => out.filter((event) => event.id === id).map((event) => event.status);
    expect(of(open.body.id)).toEqual(['proposed', 'accepted', 'superseded']);
    expect(of(next.body.id)).toEqual(['accepted']);
    expect(board[0]).toMatchObject({ id: secret.body.id, type: 'decision.changed' });
    expect(board[0].body.decision).toMatchObject({ title: 'Board call', threadId: boardThread });
  });
});
