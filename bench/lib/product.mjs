// Starts the product the way `npm start` does, for benchmarks. Prints nothing itself.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-long' };

export async function newDataDir() {
  return mkdtemp(join(tmpdir(), 'briefroom-bench-'));
}

/** Spawns infra/launcher/start.mjs and resolves once /api/health answers 200, with the elapsed ms. */
export async function startProduct({ dataDir, port = 3100, env = {} }) {
  const started = performance.now();
  const child = spawn(process.execPath, ['infra/launcher/start.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env },
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
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
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

