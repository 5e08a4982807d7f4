// Starts the built API (api/dist, or BRIEFROOM_API_DIST) as a child process on a fresh database of
// an existing PostgreSQL (BENCH_DATABASE_URL), for benchmarks that seed data with SQL. Prints nothing.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';

const repoRoot = resolve(import.meta.dirname, '../..');
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-long' };

async function admin(serverUrl, sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `databaseUrl`: a second process on an existing database (kept at stop) instead of a fresh one. */
export async function startApi({ port, env = {}, databaseUrl: shared }) {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `briefroom_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  if (!shared) await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = shared ?? url.toString();
  const dist = process.env.BRIEFROOM_API_DIST ?? resolve(repoRoot, 'api/dist');
  const child = spawn(process.execPath, [resolve(dist, 'main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_SAMPLE_BRIEFING: 'false',
      WEB_BUILD_DIR: '/nonexistent-web-build',
      REMINDER_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited:\n${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).status < 500) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: base,
    databaseUrl,
    /** The process's last output if it has exited (a crash, or killed by someone), else undefined. */
    exitedWith: () =>
      child.exitCode !== null || child.signalCode ? output.slice(-2000) : undefined,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      if (!shared) await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function signIn(base, credentials = ADMIN) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}
