// A signed-in viewer flooding the socket server, as the outside review did: `thread:join` for a
// restricted thread 20 times every 5 ms (~4,000 events/s), with `thread:typing` and
// `actions:subscribe` mixed in, from several sockets of the same account that reconnect as soon as
// they are cut. Meanwhile an honest member reads threads over REST and receives live comments.
// Prints the server's heap and RSS over the run, how often the flooder was refused and cut, what
// leaked (must be nothing), and the honest member's latencies against an idle baseline.
// Usage: node bench/socket-flood.mjs [seconds=60] [flooderSockets=4]
import { readFile, rm } from 'node:fs/promises';
import { io } from 'socket.io-client';
import { keepAliveClient } from './lib/keep-alive.mjs';
import { newDataDir, repoRoot, signIn, startProduct } from './lib/product.mjs';
import { percentile } from './lib/stats.mjs';
import { inviteTeam } from './lib/team.mjs';

const [seconds = 60, flooderSockets = 4] = process.argv.slice(2).map(Number);

const dataDir = await newDataDir();
// The inspector lets the bench force full collections, so "retained" counts only live objects.
const product = await startProduct({
  dataDir,
  port: 3130,
  inspect: true,
  env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
});
const client = keepAliveClient(product.url, { maxSockets: 16 });
const admin = { authorization: `Bearer ${await signIn(product.url)}` };
const call = async (method, path, headers, body) => {
  const response = await client.request(method, path, { headers, body });
  if (response.status >= 400) throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
  return response.text ? JSON.parse(response.text) : undefined;
};

const [insider, viewer] = await inviteTeam(product.url, admin.authorization.slice(7), 2, {
  role: 'member',
  prefix: 'flood',
});
const insiderHeaders = { authorization: `Bearer ${insider}` };
const me = await call('GET', '/api/auth/me', insiderHeaders);
const group = (await call('POST', '/api/admin/groups', admin, { name: 'Board' })).group;
await call('PUT', `/api/admin/groups/${group.id}/members`, admin, { userIds: [me.user.id] });
const sample = await readFile(`${repoRoot}/api/samples/daily-sync-2026-05-07.txt`, 'utf8');
const secret = await call('POST', '/api/briefings/import', admin, {
  content: sample.replaceAll('May 7, 2026', 'June 9, 2026'),
  visibility: 'restricted',
  groupIds: [group.id],
});
const secretThread = secret.sections.find((section) => section.discussion).discussion.threadId;

const metric = async (name) => {
  const text = (await client.request('GET', '/api/metrics')).text;
  return Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1]) / 2 ** 20;
};
const memory = async () => ({
  heapMb: await metric('briefroom_nodejs_heap_size_used_bytes'),
  rssMb: await metric('briefroom_process_resident_memory_bytes'),
});

// The honest member: a socket in the restricted thread and REST reads of it, timed.
const honest = io(product.url, { path: '/socket.io', transports: ['websocket'], auth: { token: insider } });
await new Promise((resolve) => honest.once('connect', resolve));
let honestLive = 0;
honest.on('comment.created', () => (honestLive += 1));
await honest.emitWithAck('thread:join', { threadId: secretThread, sinceSeq: 1e9 });
async function honestLoad(ms) {
  const reads = [];
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < ms) {
    const path = n % 4 === 3 ? `/api/threads/${secretThread}/comments` : `/api/threads/${secretThread}`;
    const response = await client.request(n % 4 === 3 ? 'POST' : 'GET', path, {
      headers: insiderHeaders,
      body: n % 4 === 3 ? { body: `Board note ${n}` } : undefined,
    });
    if (response.status < 400) reads.push(response.ms);
    n += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return reads.sort((a, b) => a - b);
}

const baseline = await honestLoad(10_000);
await product.collectGarbage();
const retainedBefore = await memory();
const before = await memory();

// The flood.
let stopped = false;
const flood = { emitted: 0, refusedAcks: 0, okAcks: 0, cuts: 0, connects: 0, leaked: 0, sessionEnded: {} };
const flooders = Array.from({ length: flooderSockets }, () => {
  const socket = io(product.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: viewer },
    reconnectionDelay: 10,
    reconnectionDelayMax: 50,
  });
  socket.on('connect', () => (flood.connects += 1));
  socket.on('disconnect', (reason) => {
    flood.cuts += 1;
    // socket.io retries on its own after a lost connection, not after the server cut it: an
    // attacker does, at once.
    if (reason === 'io server disconnect' && !stopped) socket.connect();
  });
  socket.on('session:ended', ({ code }) => (flood.sessionEnded[code] = (flood.sessionEnded[code] ?? 0) + 1));
  socket.onAny((event, payload) => {
    if (payload?.threadId === secretThread) flood.leaked += 1;
  });
  return socket;
});
const timer = setInterval(() => {
  for (const socket of flooders) {
    if (!socket.connected) continue;
    for (let i = 0; i < 20 / flooderSockets; i += 1) {
      flood.emitted += 1;
      socket.emit('thread:join', { threadId: secretThread, sinceSeq: 0 }, (ack) =>
        ack?.ok ? (flood.okAcks += 1) : (flood.refusedAcks += 1),
      );
      if (i % 5 === 0) socket.emit('thread:typing', { threadId: secretThread });
      if (i % 7 === 0) socket.emit('actions:subscribe', {}, () => undefined);
    }
  }
}, 5);
const samples = [before];
const sampler = setInterval(() => void memory().then((sample) => samples.push(sample)), 5_000);
const during = await honestLoad(seconds * 1000);
stopped = true;
clearInterval(timer);
clearInterval(sampler);
flooders.forEach((socket) => socket.close());
await new Promise((resolve) => setTimeout(resolve, 2_000));
const after = await memory();
await product.collectGarbage();
const retainedAfter = await memory();

const fmt = (v) => v.toFixed(1);
const peak = samples.reduce((max, s) => (s.heapMb > max.heapMb ? s : max), before);
console.log(`socket flood: ${flooderSockets} sockets of one viewer, ${fmt(seconds)} s`);
console.log(
  `  flooder: ${flood.emitted} events emitted (${fmt(flood.emitted / seconds)}/s while connected), ${flood.okAcks} joins acknowledged ok, ${flood.refusedAcks} refused, ${flood.connects} connections, ${flood.cuts} cut, session:ended ${JSON.stringify(flood.sessionEnded)}; events of the restricted thread received: ${flood.leaked}`,
);
console.log(
  `  server memory: heap ${fmt(before.heapMb)} → peak ${fmt(peak.heapMb)} → ${fmt(after.heapMb)} MB, RSS ${fmt(before.rssMb)} → ${fmt(after.rssMb)} MB (${samples.length} samples); retained after full collections ${fmt(retainedBefore.heapMb)} → ${fmt(retainedAfter.heapMb)} MB`,
);
console.log(
  `  honest member (thread reads and posts): idle p50 ${fmt(percentile(baseline, 50))} / p99 ${fmt(percentile(baseline, 99))} ms; during the flood p50 ${fmt(percentile(during, 50))} / p99 ${fmt(percentile(during, 99))} ms (${during.length} requests); live comments received ${honestLive}`,
);
honest.close();
client.close();
await product.stop();
await rm(dataDir, { recursive: true, force: true });
