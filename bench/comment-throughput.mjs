// Sustained comment posts through the API (auth, validation, transaction, fan-out) with autocannon:
// 50 connections spread over 20 users and the sample's 4 prompt threads, each thread watched by a socket.
// Usage: node bench/comment-throughput.mjs [seconds=15]
import autocannon from 'autocannon';
import { rm } from 'node:fs/promises';
import { io } from 'socket.io-client';
import { newDataDir, signIn, startProduct } from './lib/product.mjs';

const seconds = Number(process.argv[2] ?? 15);
const dataDir = await newDataDir();
const product = await startProduct({
  dataDir,
  port: 3104,
  env: { COMMENT_RATE_LIMIT_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' },
});
const adminToken = await signIn(product.url);
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
const briefing = await (
  await fetch(`${product.url}/api/briefings/daily-sync-2026-05-07`, { headers: admin })
).json();
const threadIds = briefing.sections.filter((s) => s.discussion).map((s) => s.discussion.threadId);

// Twenty members, invited and signed in the way real users are.
const tokens = [];
for (let i = 0; i < 20; i++) {
  const invite = await (
    await fetch(`${product.url}/api/admin/invites`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: `member${i}@example.com`, role: 'member' }),
    })
  ).json();
  const accepted = await (
    await fetch(`${product.url}/api${invite.url.replace('/invite/', '/invites/')}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: `Member ${i}`, password: 'bench-password-long' }),
    })
  ).json();
  tokens.push(accepted.token);
}

let received = 0;
/** Every seq each watcher saw: they must run without a gap or a repeat (nothing lost, nothing doubled). */
const seqsSeen = new Map(threadIds.map((threadId) => [threadId, []]));
const watchers = threadIds.map((threadId) => {
  const socket = io(product.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: adminToken },
  });
  socket.on('connect', () => socket.emit('thread:join', { threadId, sinceSeq: 1e9 }));
  socket.on('comment.created', (event) => {
    received++;
    seqsSeen.get(event.threadId)?.push(event.seq);
  });
  return socket;
});
await new Promise((resolve) => setTimeout(resolve, 500));

let n = 0;
const requests = [
  {
    method: 'POST',
    setupRequest: (request) => {
      const i = n++;
      return {
        ...request,
        path: `/api/threads/${threadIds[i % threadIds.length]}/comments`,
        headers: {
          authorization: `Bearer ${tokens[i % tokens.length]}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          body: `Throughput comment ${i}: **rotate keys** and check https://example.com/${i}`,
        }),
      };
    },
  },
];
await autocannon({ url: product.url, connections: 50, duration: 3, requests }); // warm-up
received = 0;
const cpuBefore = await product.cpuSeconds();
const loadCpuBefore = process.cpuUsage();
const result = await autocannon({ url: product.url, connections: 50, duration: seconds, requests });
const cpuAfter = await product.cpuSeconds();
const loadCpu = process.cpuUsage(loadCpuBefore);
await new Promise((resolve) => setTimeout(resolve, 500));
console.log(
  `POST comments, 50 connections, ${seconds} s: ${result.requests.average.toFixed(0)} posts/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; live events received ${received} of ${result['2xx']}`,
);
// CPU per post tells the cost apart from what the shared machine leaves over (other work slows the rate, not this).
const perPost = (seconds) => ((seconds * 1000) / result['2xx']).toFixed(2);
const cpuLine = Object.entries(cpuAfter)
  .map(([name, after]) => [name, after - (cpuBefore[name] ?? 0)])
  .filter(([, used]) => used > 0.05)
  .sort((a, b) => b[1] - a[1])
  .map(([name, used]) => `${name} ${perPost(used)}`)
  .join(', ');
console.log(
  `CPU ms per post: ${cpuLine}, load generator ${perPost((loadCpu.user + loadCpu.system) / 1e6)}`,
);
let gaps = 0;
let repeats = 0;
for (const seqs of seqsSeen.values()) {
  const sorted = [...seqs].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) repeats++;
    else gaps += sorted[i] - sorted[i - 1] - 1;
  }
}
console.log(`seq per thread as received live: ${gaps} gaps, ${repeats} repeats`);
watchers.forEach((socket) => socket.close());
await product.stop();
await rm(dataDir, { recursive: true, force: true });
