// Starts the product the way `npm start` does, for benchmarks. Prints nothing itself.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-long' };

export async function newDataDir() {
  return mkdtemp(join(tmpdir(), 'briefroom-bench-'));
}

/**
 * Spawns infra/launcher/start.mjs and resolves once /api/health answers 200, with the elapsed ms.
 * BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to the product's node.
 * `inspect: true` opens the product's inspector on a free local port, for `collectGarbage()`.
 */
export async function startProduct({ dataDir, port = 3100, env = {}, inspect = false }) {
  const started = performance.now();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (inspect) nodeArgs.push('--inspect=127.0.0.1:0');
  const child = spawn(process.execPath, [...nodeArgs, 'infra/launcher/start.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    readyMs: performance.now() - started,
    /**
     * A full garbage collection in the product's process (through its inspector; needs
     * `inspect: true`), so heap figures read afterwards count only what is still referenced.
     */
    collectGarbage: async () => {
      const address = output.match(/Debugger listening on (ws:\/\/\S+)/)?.[1];
      if (!address) throw new Error('start the product with inspect: true');
      const socket = new WebSocket(address);
      await new Promise((resolveOpen, reject) => {
        socket.once('open', resolveOpen);
        socket.once('error', reject);
      });
      try {
        for (let id = 1; id <= 2; id++) {
          const answered = new Promise((resolveAnswer) =>
            socket.on('message', (data) => JSON.parse(String(data)).id === id && resolveAnswer()),
          );
          socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
          await answered;
        }
      } finally {
        socket.close();
      }
    },
    /** CPU seconds used so far by the product and its services (Linux /proc), by program name. */
    cpuSeconds: () => processTreeCpu(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function processTreeCpu(rootPid) {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const processes = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      processes.push({
        pid: Number(entry),
        name,
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
      });
    } catch {
      // exited meanwhile
    }
  }
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (inTree.has(p.pid) || !inTree.has(p.ppid)) continue;
      inTree.add(p.pid);
      grew = true;
    }
  }
  const byName = {};
  for (const p of processes) if (inTree.has(p.pid)) byName[p.name] = (byName[p.name] ?? 0) + p.cpu;
  return byName;
}

export async function signIn(url) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}
