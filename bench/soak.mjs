// Soak: 1,000 connected sockets (100 people, 10 each, spread over the sample's threads, a fifth
// also on the live action board) plus an open-loop mixed REST load at a fixed rate, for minutes.
// Prints error rate and p50/p99 per route, memory at start and end with its trend, and what the
// sockets received. Usage: node bench/soak.mjs [seconds=300] [requestsPerSecond=200] [sockets=1000]
// [commentPercent=10]: the share of comment posts in the mix (thread reads make up the rest of 30 %).
// Every poster follows the threads they post in, so each comment notifies up to 99 people on 10
// sockets each: the share decides how many socket events the run carries.
import { rm } from 'node:fs/promises';
import { io } from 'socket.io-client';
import { keepAliveClient } from './lib/keep-alive.mjs';
import { newDataDir, signIn, startProduct } from './lib/product.mjs';
import { percentile } from './lib/stats.mjs';
import { inviteTeam } from './lib/team.mjs';

const [seconds = 300, rate = 200, socketCount = 1000, commentPercent = 10] = process.argv
  .slice(2)
  .map(Number);
const PEOPLE = 100;

const dataDir = await newDataDir();
// Accepting 100 invitations from one address would trip the sign-in limit meant for people.
// The inspector lets the bench force full collections at the end: growth that a collection
// removes was garbage or backlog, not a leak.
const product = await startProduct({
  dataDir,
  port: 3120,
  inspect: true,
  env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
});
const admin = await signIn(product.url);
const client = keepAliveClient(product.url, { maxSockets: 64 });
const adminHeaders = { authorization: `Bearer ${admin}` };
const briefing = JSON.parse(
  (await client.request('GET', '/api/briefings/daily-sync-2026-05-07', { headers: adminHeaders }))
    .text,
);
const threads = briefing.sections.flatMap((section) =>
  section.discussion ? [section.discussion.threadId] : [],
);
const items = briefing.sections.flatMap((section) => section.items.map((item) => item.id));
const people = await inviteTeam(product.url, admin, PEOPLE, { role: 'member', prefix: 'soak' });

// Sockets: person i % PEOPLE, thread i % threads; every fifth also watches the action board.
const received = { events: 0, errors: 0, disconnects: 0 };
const sockets = [];
for (let i = 0; i < socketCount; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, socketCount - i) }, (_, j) => {
      const n = i + j;
      return new Promise((resolve, reject) => {
        const socket = io(product.url, {
          path: '/socket.io',
          transports: ['websocket'],
          auth: { token: people[n % PEOPLE] },
        });
        sockets.push(socket);
        socket.onAny(() => (received.events += 1));
        socket.on('disconnect', () => (received.disconnects += 1));
        socket.once('connect_error', reject);
        socket.once('connect', async () => {
          const ack = await socket.emitWithAck('thread:join', {
            threadId: threads[n % threads.length],
            sinceSeq: 1e9,
          });
          if (!ack.ok) received.errors += 1;
          if (n % 5 === 0) await socket.emitWithAck('actions:subscribe');
          resolve();
        });
      });
    }),
  );
}

/** The mixed load: weight, route label, and the request for the nth call. */
const mix = [
  [15, 'GET /api/briefings', () => ['GET', '/api/briefings?limit=20']],
  [10, 'GET /api/briefings/:slug', () => ['GET', '/api/briefings/daily-sync-2026-05-07']],
  [30 - commentPercent, 'GET /api/threads/:id', (n) => ['GET', `/api/threads/${threads[n % threads.length]}`]],
  [commentPercent, 'POST /api/threads/:id/comments', (n) => ['POST', `/api/threads/${threads[n % threads.length]}/comments`, { body: `Soak comment ${n} on power budgets and GPU capacity` }]],
  [15, 'GET /api/search', (n) => ['GET', `/api/search?q=${['energy', 'gpu', 'security', 'hiring', 'rotation'][n % 5]}`]],
  [10, 'GET /api/actions', () => ['GET', '/api/actions?limit=50']],
  [5, 'GET /api/notifications', () => ['GET', '/api/notifications']],
  [5, 'POST /api/actions', (n) => ['POST', '/api/actions', { title: `Soak action ${n}`, links: [{ type: 'item', id: items[n % items.length] }] }]],
  [5, 'GET /api/auth/me', () => ['GET', '/api/auth/me']],
  [5, 'GET /api/decisions', () => ['GET', '/api/decisions']],
];
const totalWeight = mix.reduce((sum, [weight]) => sum + weight, 0);
const pick = (n) => {
  let roll = (n * 7919) % totalWeight;
  for (const entry of mix) {
    if (roll < entry[0]) return entry;
    roll -= entry[0];
  }
  return mix[0];
};

const perRoute = new Map(mix.map(([, label]) => [label, { ms: [], errors: 0, limited: 0, statuses: {} }]));
const metric = async (name) => {
  const text = (await client.request('GET', '/api/metrics')).text;
  return Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1]);
};
const memory = async () => ({
  at: performance.now(),
  heapMb: (await metric('briefroom_nodejs_heap_size_used_bytes')) / 2 ** 20,
  rssMb: (await metric('briefroom_process_resident_memory_bytes')) / 2 ** 20,
});
const samples = [await memory()];
const sampler = setInterval(() => void memory().then((sample) => samples.push(sample)), 15_000);

const started = performance.now();
const inFlight = new Set();
let n = 0;
const cpuBefore = await product.cpuSeconds();
const clientCpuBefore = process.cpuUsage();
while (performance.now() - started < seconds * 1000) {
  const due = started + (n * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const [, label, build] = pick(n);
  const [method, path, body] = build(n);
  // The route is picked by n % 100, so the person must not be: each route gets every person (with
  // n % PEOPLE, ten people made all the comment posts and met the per-user comment limit).
  const headers = { authorization: `Bearer ${people[(n + Math.floor(n / 100)) % PEOPLE]}` };
  const stats = perRoute.get(label);
  const call = client
    .request(method, path, { headers, body })
    .then((response) => {
      stats.ms.push(response.ms);
      stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
      if (response.status === 429) stats.limited += 1;
      else if (response.status >= 400) stats.errors += 1;
    })
    .catch(() => (stats.errors += 1))
    .finally(() => inFlight.delete(call));
  inFlight.add(call);
  n += 1;
}
await Promise.all(inFlight);
const elapsed = (performance.now() - started) / 1000;
const cpuAfter = await product.cpuSeconds();
const clientCpu = process.cpuUsage(clientCpuBefore);
clearInterval(sampler);
samples.push(await memory());
// Socket events still on their way when the load stopped: wait until a second passes without any.
const drainStarted = performance.now();
for (let seen = -1; seen !== received.events; ) {
  seen = received.events;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
const drainedMs = performance.now() - drainStarted - 1_000;
await product.collectGarbage();
const retained = await memory();

const fmt = (v) => v.toFixed(1);
let requests = 0;
let errors = 0;
console.log(
  `soak: ${socketCount} sockets (${PEOPLE} people), ${rate} req/s (${commentPercent} % comment posts) for ${fmt(elapsed)} s`,
);
for (const [label, stats] of perRoute) {
  const sorted = stats.ms.sort((a, b) => a - b);
  requests += sorted.length;
  errors += stats.errors;
  console.log(
    `  ${label.padEnd(32)} n=${String(sorted.length).padStart(6)}  p50 ${fmt(percentile(sorted, 50)).padStart(6)} ms  p99 ${fmt(percentile(sorted, 99)).padStart(7)} ms  errors ${stats.errors}  429 ${stats.limited}  ${JSON.stringify(stats.statuses)}`,
  );
}
console.log(
  `  achieved ${fmt(requests / elapsed)} req/s; error rate ${((100 * errors) / Math.max(1, requests)).toFixed(3)}% (429 counted apart)`,
);
// Least-squares slope of heap over the run, skipping the first minute (warm-up, caches filling).
const steady = samples.filter((sample) => sample.at - started >= 60_000);
const slope = (() => {
  if (steady.length < 3) return NaN;
  const xs = steady.map((s) => (s.at - started) / 60_000);
  const ys = steady.map((s) => s.heapMb);
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  return xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
})();
const first = samples[0];
const last = samples.at(-1);
console.log(
  `  memory: heap ${fmt(first.heapMb)} → ${fmt(last.heapMb)} MB, RSS ${fmt(first.rssMb)} → ${fmt(last.rssMb)} MB; heap trend after the first minute ${fmt(slope)} MB/min over ${steady.length} samples`,
);
console.log(
  `  after the load: socket events drained in ${fmt(drainedMs / 1000)} s; heap retained after a full collection ${fmt(retained.heapMb)} MB (RSS ${fmt(retained.rssMb)} MB)`,
);
console.log(
  `  sockets: ${received.events} events received, ${received.errors} refused joins, ${received.disconnects} disconnects during the run`,
);
console.log(
  `  CPU: ${Object.entries(cpuAfter)
    .map(([name, cpu]) => `${name} ${fmt(cpu - (cpuBefore[name] ?? 0))} s`)
    .join(', ')}, this load generator ${fmt((clientCpu.user + clientCpu.system) / 1e6)} s over ${fmt(elapsed)} s`,
);
sockets.forEach((socket) => socket.close());
client.close();
await product.stop();
await rm(dataDir, { recursive: true, force: true });
