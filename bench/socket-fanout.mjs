// 1,000 socket clients in one thread: POST → receive latency through the API (auth, validation,
// transaction, event log, fan-out), against the floor of a raw socket.io broadcast in its own
// process (no API, no database). Also the server's memory per idle connected client.
// Both sides first make WARM_UP untimed posts (JIT, caches, first pool connections).
// The clients belong to 100 people (10 each): socket events are rate-limited per user.
// Usage: node bench/socket-fanout.mjs [clients=1000] [posts=200]
import { fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { io } from 'socket.io-client';
import { newDataDir, signIn, startProduct } from './lib/product.mjs';
import { summary } from './lib/stats.mjs';
import { inviteTeam } from './lib/team.mjs';

const [clients = 1000, posts = 200] = process.argv.slice(2).map(Number);
const WARM_UP = 20;

const PEOPLE = 100;

/** Connects `clients` sockets; `auth` is one handshake auth for all, or one per client index. */
async function connectAll(url, auth, onConnect) {
  const sockets = [];
  for (let i = 0; i < clients; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, clients - i) }, (_, j) => new Promise((resolve, reject) => {
        const handshake = typeof auth === 'function' ? auth(i + j) : auth;
        const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: handshake, reconnection: false });
        sockets.push(socket);
        socket.once('connect', () => onConnect(socket).then(resolve, reject));
        socket.once('connect_error', reject);
      })),
    );
  }
  return sockets;
}

/** The product on a new data directory, signed in, with the sample's first prompt thread. */
async function productWithThread(options) {
  const dataDir = await newDataDir();
  // Accepting 100 invitations from one address would trip the sign-in limit meant for people.
  const product = await startProduct({
    dataDir,
    ...options,
    env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000', ...options.env },
  });
  const token = await signIn(product.url);
  const headers = { authorization: `Bearer ${token}` };
  const briefing = await (await fetch(`${product.url}/api/briefings/daily-sync-2026-05-07`, { headers })).json();
  const team = await inviteTeam(product.url, token, PEOPLE);
  const teamAuth = (i) => ({ token: team[i % team.length] });
  return { dataDir, product, token, teamAuth, threadId: briefing.sections[0].discussion.threadId };
}

// The floor: socket.io alone in a child process, broadcasting what one client emits to a room.
if (process.argv[2] === '--floor-server') {
  const { Server } = await import('socket.io');
  const server = new Server(Number(process.argv[3]), { path: '/socket.io', serveClient: false });
  server.on('connection', (socket) => {
    socket.join('room');
    socket.on('post', (payload) => server.to('room').emit('comment.created', payload));
  });
  process.send?.('ready');
} else {
  const floorPort = 3106;
  const floor = fork(new URL(import.meta.url).pathname, ['--floor-server', String(floorPort)]);
  await new Promise((resolve) => floor.once('message', resolve));
  const floorUrl = `http://127.0.0.1:${floorPort}`;
  const floorLatencies = [];
  const floorSockets = await connectAll(floorUrl, {}, async (socket) => {
    socket.on('comment.created', (payload) => floorLatencies.push(performance.now() - payload.sentAt));
  });
  const poster = io(floorUrl, { path: '/socket.io', transports: ['websocket'] });
  await new Promise((resolve) => poster.once('connect', resolve));
  for (let i = -WARM_UP; i < posts; i++) {
    if (i === 0) floorLatencies.length = 0;
    const expected = floorLatencies.length + clients;
    poster.emit('post', { sentAt: performance.now(), comment: { body: `x${i}` } });
    while (floorLatencies.length < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  console.log(`raw socket.io broadcast to ${clients} clients (floor): ${summary(floorLatencies)}`);
  floorSockets.forEach((socket) => socket.close());
  poster.close();
  floor.kill();

  // Memory per idle client, in its own product run: its inspector forces full collections
  // before each reading (retained memory, not garbage from the handshakes), and an open
  // inspector slows the latency run below, which gets a product started the usual way.
  {
    const { dataDir, product, teamAuth, threadId } = await productWithThread({ port: 3106, inspect: true });
    const metric = async (name) => {
      const text = await (await fetch(`${product.url}/api/metrics`)).text();
      return Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1]);
    };
    const reading = async () => {
      await product.collectGarbage();
      return {
        heap: await metric('briefroom_nodejs_heap_size_used_bytes'),
        rss: await metric('briefroom_process_resident_memory_bytes'),
      };
    };
    const before = await reading();
    const sockets = await connectAll(product.url, teamAuth, async (socket) => {
      const ack = await socket.emitWithAck('thread:join', { threadId, sinceSeq: 1e9 });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await reading();
    console.log(
      `memory per idle connected client (${clients} joined, after a full GC): heap ${((after.heap - before.heap) / clients / 1024).toFixed(1)} KB, RSS ${((after.rss - before.rss) / clients / 1024).toFixed(1)} KB`,
    );
    sockets.forEach((socket) => socket.close());
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const { dataDir, product, token, teamAuth, threadId } = await productWithThread({
    port: 3105,
    env: { COMMENT_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sentAt = new Map();
  const latencies = [];
  const sockets = await connectAll(product.url, teamAuth, async (socket) => {
    socket.on('comment.created', (payload) => latencies.push(performance.now() - sentAt.get(payload.comment.body)));
    const ack = await socket.emitWithAck('thread:join', { threadId, sinceSeq: 1e9 });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  for (let i = -WARM_UP; i < posts; i++) {
    if (i === 0) latencies.length = 0;
    const body = `fan-out ${i}`;
    const expected = latencies.length + clients;
    sentAt.set(body, performance.now());
    const response = await fetch(`${product.url}/api/threads/${threadId}/comments`, { method: 'POST', headers, body: JSON.stringify({ body }) });
    if (response.status !== 201) throw new Error(`post answered ${response.status}`);
    while (latencies.length < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  console.log(`POST → receive through the API to ${clients} clients: ${summary(latencies)}`);
  sockets.forEach((socket) => socket.close());
  await product.stop();
  await rm(dataDir, { recursive: true, force: true });
}
