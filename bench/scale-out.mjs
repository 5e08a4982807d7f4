// Issue 18's scale figure: one app process, then two, on the same PostgreSQL + Redis + Meilisearch,
// with 2,000 socket clients (100 per thread over 20 prompt threads; with two processes half of each
// thread's watchers sit on each) under a mixed load of comment posts, thread page reads and unread
// counts. Every comment.created must reach every watcher of its thread exactly once. Then a
// rolling restart of both processes under a steady trickle of posts: clients on a stopping process
// reconnect to the other and replay from their last seq; no post may fail, nothing may be lost.
//
// Needs the built API (api/dist, or BRIEFROOM_API_DIST), PostgreSQL (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres), Redis (REDIS_URL, default redis://127.0.0.1:6379)
// and a Meilisearch (MEILI_URL + MEILI_MASTER_KEY, or TEST_MEILI_URL + TEST_MEILI_MASTER_KEY).
// Usage: node bench/scale-out.mjs [seconds=15] [clients=2000]
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import { inviteTeam } from './lib/team.mjs';

const repoRoot = resolve(import.meta.dirname, '..');
const THREADS_WANTED = 20;

// ---------------------------------------------------------------- socket client worker (child)
if (process.argv[2] === '--clients') {
  /** One entry per client: its thread, every seq it got, its socket and the URLs it may use. */
  const clients = [];
  const connect = (client, url) =>
    new Promise((resolveConnect, rejectConnect) => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: client.token },
        reconnection: false,
      });
      client.socket = socket;
      client.url = url;
      socket.on('comment.created', (event) => {
        if (event.threadId === client.threadId) client.seqs.push(Number(event.seq));
      });
      socket.once('connect', async () => {
        // Replays what this client missed: everything after the last event it got, or after the
        // thread's seq when it first joined.
        const sinceSeq = client.seqs.length ? Math.max(...client.seqs) : client.sinceSeq;
        const ack = await socket.emitWithAck('thread:join', {
          threadId: client.threadId,
          sinceSeq,
        });
        if (!ack.ok) rejectConnect(new Error(JSON.stringify(ack)));
        else resolveConnect();
      });
      socket.once('connect_error', rejectConnect);
      socket.once('disconnect', () => {
        if (client.closing) return;
        client.reconnects++;
        // Like a load balancer: the next attempt goes to whichever process answers.
        const retry = async (attempt) => {
          const next =
            client.urls[(client.urls.indexOf(client.url) + 1 + attempt) % client.urls.length];
          try {
            await connect(client, next);
          } catch {
            setTimeout(() => retry(attempt + 1), 200);
          }
        };
        void retry(0);
      });
    });

  process.on('message', async (message) => {
    if (message.type === 'connect') {
      for (const spec of message.clients)
        clients.push({ ...spec, seqs: [], reconnects: 0, closing: false });
      for (let i = 0; i < clients.length; i += 50)
        await Promise.all(clients.slice(i, i + 50).map((c) => connect(c, c.urls[c.first])));
      process.send({ type: 'connected', clients: clients.length });
    } else if (message.type === 'verify') {
      // Exactly once: each client's seqs are exactly the thread's comments since it joined.
      let exact = 0;
      let missing = 0;
      let duplicates = 0;
      let unexpected = 0;
      let delivered = 0;
      for (const client of clients) {
        const expected = new Set(message.expected[client.threadId] ?? []);
        const seen = new Set();
        for (const seq of client.seqs) {
          if (seen.has(seq)) duplicates++;
          else if (!expected.has(seq)) unexpected++;
          seen.add(seq);
        }
        delivered += client.seqs.length;
        const lost = [...expected].filter((seq) => !seen.has(seq)).length;
        missing += lost;
        // The protocol's exactly-once: a client keeps one event per seq (a replay after a reconnect
        // may overlap live ones: the client drops those by seq). Wire duplicates are counted apart.
        if (
          lost === 0 &&
          seen.size === expected.size &&
          [...seen].every((seq) => expected.has(seq))
        )
          exact++;
      }
      const reconnects = clients.reduce((sum, c) => sum + c.reconnects, 0);
      process.send({
        type: 'verified',
        clients: clients.length,
        exact,
        missing,
        duplicates,
        unexpected,
        delivered,
        reconnects,
      });
    } else if (message.type === 'close') {
      for (const client of clients) {
        client.closing = true;
        client.socket?.close();
      }
      clients.length = 0;
      process.send({ type: 'closed' });
    }
  });
  process.send({ type: 'ready' });
} else {
  await main();
}

// ---------------------------------------------------------------- the bench (parent)
async function main() {
  const seconds = Number(process.argv[2] ?? 15);
  const clientCount = Number(process.argv[3] ?? 2000);
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const meiliUrl = process.env.MEILI_URL ?? process.env.TEST_MEILI_URL;
  const meiliKey = process.env.MEILI_MASTER_KEY ?? process.env.TEST_MEILI_MASTER_KEY;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
  const name = `briefroom_scale_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const sql = async (url, text, params) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  await sql(serverUrl, `CREATE DATABASE ${name}`);
  const admin = { email: 'scale@example.com', password: 'bench-password-long' };
  const processes = new Set();

  /** One app process on the shared database, Redis and Meilisearch. */
  async function startApp(port) {
    const child = spawn(process.execPath, [resolve(dist, 'main.js')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        MEILI_URL: meiliUrl,
        MEILI_MASTER_KEY: meiliKey,
        SEARCH_INDEX_PREFIX: name,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        SEED_SAMPLE_BRIEFING: 'false',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        REMINDER_INTERVAL_SECONDS: '0',
        SAVED_SEARCH_ALERT_INTERVAL_SECONDS: '0',
        COMMENT_RATE_LIMIT_PER_MINUTE: '1000000',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const exited = new Promise((r) => child.once('exit', r));
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app on ${port} exited:\n${errors}`);
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const app = {
      url,
      pid: child.pid,
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
        processes.delete(app);
      },
    };
    processes.add(app);
    return app;
  }

  const cpuSeconds = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  };
  const machineBusy = () => {
    const [, ...t] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .map(Number);
    const idle = t[3] + t[4];
    return { busy: t.reduce((a, b) => a + b, 0) - idle, total: t.reduce((a, b) => a + b, 0) };
  };
  const a = await startApp(3201);
  const login = await fetch(`${a.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const adminToken = (await login.json()).token;
  const adminHeaders = {
    authorization: `Bearer ${adminToken}`,
    'content-type': 'application/json',
  };

  // Five briefings of the sample (four prompt threads each): 20 threads.
  const sample = readFileSync(resolve(repoRoot, 'api/samples/daily-sync-2026-05-07.txt'), 'utf8');
  const threadIds = [];
  for (let day = 3; threadIds.length < THREADS_WANTED; day++) {
    const response = await fetch(`${a.url}/api/briefings/import`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ content: sample.replaceAll('May 7, 2026', `May ${day}, 2026`) }),
    });
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`import answered ${response.status}: ${await response.text()}`);
    const briefing = await response.json();
    for (const section of briefing.sections)
      if (section.discussion && threadIds.length < THREADS_WANTED)
        threadIds.push(section.discussion.threadId);
  }
  const watchers = await inviteTeam(a.url, adminToken, Math.ceil(clientCount / 10), {
    prefix: 'watcher',
  });
  const posters = await inviteTeam(a.url, adminToken, 20, { role: 'member', prefix: 'poster' });

  const worker = fork(new URL(import.meta.url).pathname, ['--clients']);
  const replies = [];
  const waiters = [];
  worker.on('message', (message) => {
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(message);
    else replies.push(message);
  });
  const ask = (message, type) =>
    new Promise((resolveAsk) => {
      waiters.push({ type, resolve: resolveAsk });
      if (message) worker.send(message);
    });
  await ask(null, 'ready');

  /** Each thread's comment seqs above the given marks: what every watcher must have received. */
  async function expectedSince(marks) {
    const rows = await sql(
      databaseUrl,
      `SELECT thread_id, array_agg(seq::int) AS seqs FROM comment GROUP BY thread_id`,
    );
    return Object.fromEntries(
      rows.map((r) => [r.thread_id, r.seqs.filter((s) => s > (marks[r.thread_id] ?? 0))]),
    );
  }
  async function marksNow() {
    const rows = await sql(databaseUrl, `SELECT id, last_seq::int AS seq FROM thread`);
    return Object.fromEntries(rows.map((r) => [r.id, r.seq]));
  }

  let n = 0;
  /** The mixed load against one process: a post, a thread page read and an unread count per round. */
  function load(url, connections, counters) {
    const post = {
      method: 'POST',
      setupRequest: (request) => {
        const i = n++;
        return {
          ...request,
          path: `/api/threads/${threadIds[i % threadIds.length]}/comments`,
          headers: {
            authorization: `Bearer ${posters[i % posters.length]}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            body: `Scale comment ${i}: **rotate keys** https://example.com/${i}`,
          }),
        };
      },
      onResponse: (status) => (status === 201 ? counters.posts++ : counters.failures++),
    };
    const read = {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        path: `/api/threads/${threadIds[n % threadIds.length]}`,
        headers: { authorization: `Bearer ${posters[n % posters.length]}` },
      }),
      onResponse: (status) => (status === 200 ? counters.reads++ : counters.failures++),
    };
    const unread = {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        path: '/api/notifications/unread-count',
        headers: { authorization: `Bearer ${posters[n % posters.length]}` },
      }),
      onResponse: (status) => (status === 200 ? counters.reads++ : counters.failures++),
    };
    return autocannon({ url, connections, duration: seconds, requests: [post, read, unread] });
  }

  async function phase(label, apps) {
    const marks = await marksNow();
    const specs = Array.from({ length: clientCount }, (_, i) => ({
      token: watchers[i % watchers.length],
      threadId: threadIds[i % threadIds.length],
      sinceSeq: marks[threadIds[i % threadIds.length]] ?? 0,
      urls: apps.map((app) => app.url),
      // With two processes, alternate: each thread's watchers split across both.
      first: Math.floor(i / threadIds.length) % apps.length,
    }));
    await ask({ type: 'connect', clients: specs }, 'connected');
    await new Promise((r) => setTimeout(r, 2000));
    const counters = { posts: 0, reads: 0, failures: 0 };
    const cpuBefore = apps.map((app) => cpuSeconds(app.pid));
    const workerBefore = cpuSeconds(worker.pid);
    const selfBefore = process.cpuUsage();
    const machineBefore = machineBusy();
    const started = performance.now();
    await Promise.all(apps.map((app) => load(app.url, Math.round(50 / apps.length), counters)));
    const elapsed = (performance.now() - started) / 1000;
    const machineAfter = machineBusy();
    const appCpu = apps.map((app, i) => cpuSeconds(app.pid) - cpuBefore[i]);
    const workerCpu = cpuSeconds(worker.pid) - workerBefore;
    const self = process.cpuUsage(selfBefore);
    await new Promise((r) => setTimeout(r, 3000));
    const verdict = await ask({ type: 'verify', expected: await expectedSince(marks) }, 'verified');
    await ask({ type: 'close' }, 'closed');
    const busy =
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    console.log(`\n${label}: ${clientCount} socket clients, 50 HTTP connections, ${seconds} s`);
    console.log(
      `  comment posts ${(counters.posts / elapsed).toFixed(0)}/s (${counters.posts}), reads ${(counters.reads / elapsed).toFixed(0)}/s, non-2xx ${counters.failures}`,
    );
    console.log(
      `  delivered ${verdict.delivered} comment.created events (${(verdict.delivered / elapsed).toFixed(0)}/s); clients with every event exactly once: ${verdict.exact}/${verdict.clients}; missing ${verdict.missing}, duplicates on the wire ${verdict.duplicates}, unexpected ${verdict.unexpected}`,
    );
    console.log(
      `  CPU ms per post: app ${appCpu.map((c) => ((c * 1000) / Math.max(1, counters.posts)).toFixed(2)).join(' + ')}, socket clients ${((workerCpu * 1000) / Math.max(1, counters.posts)).toFixed(2)}, load generator ${((self.user + self.system) / 1000 / Math.max(1, counters.posts)).toFixed(2)}; app processes at ${appCpu.map((c) => ((c / elapsed) * 100).toFixed(0) + '%').join(' + ')} of a core; machine ${(busy * 100).toFixed(0)}% busy of ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    return verdict;
  }

  console.log(
    `scale-out bench ${new Date().toISOString()}, load before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await phase('one process', [a]);
  const b = await startApp(3202);
  await phase('two processes', [a, b]);

  // Rolling restart of both under a steady trickle of posts (an Idempotency-Key makes a retry safe).
  {
    const marks = await marksNow();
    const apps = [a, b];
    const urls = apps.map((app) => app.url);
    const specs = Array.from({ length: clientCount }, (_, i) => ({
      token: watchers[i % watchers.length],
      threadId: threadIds[i % threadIds.length],
      sinceSeq: marks[threadIds[i % threadIds.length]] ?? 0,
      urls,
      first: Math.floor(i / threadIds.length) % 2,
    }));
    await ask({ type: 'connect', clients: specs }, 'connected');
    let stop = false;
    const stats = { ok: 0, retried: 0, failed: 0 };
    const live = new Set(urls);
    const trickle = (async () => {
      let i = 0;
      while (!stop) {
        const key = randomUUID();
        const body = JSON.stringify({ body: `Rolling comment ${i}` });
        const path = `/api/threads/${threadIds[i % threadIds.length]}/comments`;
        const headers = {
          authorization: `Bearer ${posters[i % posters.length]}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        };
        let done = false;
        for (let attempt = 0; attempt < 3 && !done; attempt++) {
          const targets = [...live];
          const url = targets[(i + attempt) % targets.length];
          try {
            const response = await fetch(`${url}${path}`, { method: 'POST', headers, body });
            if (response.status === 201) done = true;
            else if (response.status !== 503) break;
          } catch {
            // connection refused or reset: the load balancer tries the next replica
          }
          if (!done) stats.retried++;
        }
        if (done) stats.ok++;
        else stats.failed++;
        i++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const restarted = [];
    for (const [index, app] of apps.entries()) {
      await new Promise((r) => setTimeout(r, 2000));
      live.delete(app.url); // readiness fails as soon as the process drains: the balancer stops sending
      await app.stop();
      const fresh = await startApp(app === a ? 3201 : 3202);
      live.add(fresh.url);
      restarted[index] = fresh;
    }
    await new Promise((r) => setTimeout(r, 2000));
    stop = true;
    await trickle;
    await new Promise((r) => setTimeout(r, 3000));
    const verdict = await ask({ type: 'verify', expected: await expectedSince(marks) }, 'verified');
    await ask({ type: 'close' }, 'closed');
    console.log(
      `\nrolling restart of both processes under a trickle of posts (the next 25 ms after each answer), ${clientCount} clients connected`,
    );
    console.log(
      `  posts ${stats.ok} accepted, ${stats.failed} failed, ${stats.retried} retried on the other replica; clients reconnected ${verdict.reconnects} times; every event exactly once (by seq): ${verdict.exact}/${verdict.clients}; missing ${verdict.missing}, unexpected ${verdict.unexpected}; replayed twice on the wire and dropped by seq: ${verdict.duplicates}`,
    );
  }

  worker.kill();
  for (const app of [...processes]) await app.stop();
  await sql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (meiliUrl) {
    const auth = meiliKey ? { authorization: `Bearer ${meiliKey}` } : {};
    const indexes = await (await fetch(`${meiliUrl}/indexes?limit=1000`, { headers: auth })).json();
    for (const index of indexes.results ?? [])
      if (index.uid.startsWith(name))
        await fetch(`${meiliUrl}/indexes/${index.uid}`, { method: 'DELETE', headers: auth }).catch(
          () => undefined,
        );
  }
}
