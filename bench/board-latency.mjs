// Board status change → another browser sees it: one client PATCHes an action's status over REST,
// a second socket.io client (another user, subscribed with actions:subscribe) waits for the
// matching action.changed. With 10,000 actions and 2,000 decisions seeded.
// Usage: npm run build first (or BRIEFROOM_API_DIST=<dir>); BENCH_DATABASE_URL as in actions-list.mjs.
// node bench/board-latency.mjs [changes=300]
import { io } from 'socket.io-client';
import { startApi, signIn } from './lib/api-process.mjs';
import { MEMBER, seedFollowUps } from './lib/follow-ups-seed.mjs';
import { summary } from './lib/stats.mjs';

const [changes = 300] = process.argv.slice(2).map(Number);
const api = await startApi({ port: 3112 });
const sockets = [];
try {
  await seedFollowUps(api);
  const adminToken = await signIn(api.url);
  const memberToken = await signIn(api.url, MEMBER);
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  // A card on a team briefing's item (the common case: the team room).
  const briefings = (await (await fetch(`${api.url}/api/briefings?limit=1`, { headers })).json())
    .briefings;
  const briefing = await (
    await fetch(`${api.url}/api/briefings/${briefings[0].id}`, { headers })
  ).json();
  const created = await fetch(`${api.url}/api/actions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      title: 'Board card',
      links: [{ type: 'item', id: briefing.sections[0].items[0].id }],
    }),
  });
  if (created.status !== 201)
    throw new Error(`create answered ${created.status}: ${await created.text()}`);
  const action = await created.json();

  const connect = (token) =>
    new Promise((resolve, reject) => {
      const socket = io(api.url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const watcher = await connect(memberToken);
  const ack = await watcher.timeout(5000).emitWithAck('actions:subscribe');
  if (!ack.ok) throw new Error('subscribe refused');
  // The changing user's own browser is subscribed too, as on a real board.
  const mover = await connect(adminToken);
  await mover.timeout(5000).emitWithAck('actions:subscribe');

  let waiting;
  watcher.on('action.changed', ({ action: changed }) => {
    if (waiting && changed.id === action.id && changed.status === waiting.status)
      waiting.resolve(performance.now());
  });
  const cycle = ['in_progress', 'blocked', 'open'];
  const latencies = [];
  for (let i = 0; i < changes + 20; i++) {
    const status = cycle[i % cycle.length];
    const seen = new Promise((resolve) => (waiting = { status, resolve }));
    const started = performance.now();
    const response = await fetch(`${api.url}/api/actions/${action.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ status }),
    });
    if (response.status !== 200)
      throw new Error(`patch answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    const at = await Promise.race([
      seen,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no action.changed within 5 s')), 5000),
      ),
    ]);
    if (i >= 20) latencies.push(at - started); // the first 20 warm up
  }
  console.log(
    `PATCH status → action.changed on another user's socket (${changes} changes, 10,000 actions seeded): ${summary(latencies)}`,
  );
} finally {
  sockets.forEach((socket) => socket.close());
  await api.stop();
}
