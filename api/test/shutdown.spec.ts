// SIGTERM in the middle of a write burst, on the real entry point (`node dist/main.js`, built by
// the test target's build step): every write the server commits is answered, nothing it accepted
// is cut off, and the process exits by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import { freePort } from './support/free-port.js';

const API_ROOT = join(__dirname, '..');
const ADMIN = { email: 'shutdown-admin@example.com', password: 'shutdown-password-long-enough' };
const BURST = 600;
const CONCURRENCY = 16;
/** Responses the burst has had when SIGTERM is sent. */
const SIGTERM_AFTER = 150;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: unknown };
type Outcome = Answer | { error: string };

/** '2xx', another status as a number ('503'), or the connection error's code ('ECONNREFUSED'). */
function kindOf(outcome: Outcome): string {
  if ('error' in outcome) return outcome.error;
  return outcome.status >= 200 && outcome.status < 300 ? '2xx' : String(outcome.status);
}

async function adminQuery<T = unknown>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One JSON request on the given agent; a failed connection is an outcome, not an exception. */
function send(
  agent: http.Agent,
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // kept as text
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
    request.end(payload);
  });
}

describe('Shutdown of node dist/main.js', () => {
  const database = `briefroom_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let child: ChildProcess;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(join(API_ROOT, 'dist/main.js')))
      throw new Error('api/dist/main.js is missing: build first (node build.mjs)');
    await adminQuery(process.env.TEST_DATABASE_URL as string, `CREATE DATABASE ${database}`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: API_ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl(database),
        MEILI_URL: process.env.TEST_MEILI_URL,
        MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY,
        SEARCH_INDEX_PREFIX: database,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 100_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dist/main.js exited early:\n${output}`);
      const health = await fetch(`${baseUrl}/api/health`).catch(() => undefined);
      if (health?.ok) break;
      if (Date.now() > deadline) throw new Error(`dist/main.js did not become healthy:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await adminQuery(
      process.env.TEST_DATABASE_URL as string,
      `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
    );
  });

  it('on SIGTERM answers every write it commits, refuses the rest cleanly, lets sockets reconnect and exits', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const login = await send(agent, `${baseUrl}/api/auth/login`, 'POST', ADMIN);
    const { token } = (login as { body: { token: string } }).body;
    const auth = { authorization: `Bearer ${token}` };
    const briefings = (await send(agent, `${baseUrl}/api/briefings`, 'GET', undefined, auth)) as {
      body: { briefings: Array<{ id: string }> };
    };
    const briefing = (await send(
      agent,
      `${baseUrl}/api/briefings/${briefings.body.briefings[0].id}`,
      'GET',
      undefined,
      auth,
    )) as { body: { sections: Array<{ discussion: { threadId: string } | null }> } };
    const threadId = briefing.body.sections.find((s) => s.discussion)?.discussion?.threadId;
    expect(threadId).toBeDefined();

    const socket = io(baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      reconnectionDelay: 60_000,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<{ reason: string; reconnects: boolean }>((resolve) =>
      socket.once('disconnect', (reason) => resolve({ reason, reconnects: socket.active })),
    );

    const outcomes: Outcome[] = [];
    let next = 0;
    let sigtermAt = 0;
    const worker = async () => {
      while (next < BURST) {
        const n = next++;
        outcomes.push(
          await send(
            agent,
            `${baseUrl}/api/threads/${threadId}/comments`,
            'POST',
            { body: `shutdown-burst-${n}` },
            auth,
          ),
        );
        if (outcomes.length === SIGTERM_AFTER) {
          sigtermAt = Date.now();
          child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const exit = await exited;
    const shutdownMs = Date.now() - sigtermAt;
    socket.close();
    agent.destroy();

    const kinds = outcomes.map(kindOf);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    console.info(
      `SIGTERM during ${BURST} comment posts: ${count('2xx')} answered 2xx, ${count('503')} 503, ` +
        `${count('ECONNREFUSED')} refused connections; exit ${exit.code} ${shutdownMs} ms after SIGTERM`,
    );

    // nothing but an answer, a clean refusal, or no connection at all: never a reset
    expect(kinds.filter((k) => !['2xx', '503', 'ECONNREFUSED'].includes(k))).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(kinds.slice(0, SIGTERM_AFTER).every((k) => k === '2xx')).toBe(true);
    expect(count('503') + count('ECONNREFUSED')).toBeGreaterThan(0);
    const answered = outcomes.filter((_, i) => kinds[i] === '2xx') as Answer[];
    const stored = await adminQuery<{ id: string }>(
      databaseUrl(database),
      `SELECT id FROM comment WHERE body LIKE 'shutdown-burst-%' ORDER BY id`,
    );
    expect(stored.map((row) => row.id)).toEqual(
      answered.map((o) => (o.body as { id: string }).id).sort(),
    );
    for (const refusal of outcomes.filter((_, i) => kinds[i] === '503') as Answer[]) {
      expect(refusal.headers.connection).toBe('close');
      expect(refusal.body).toEqual({
        error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) },
      });
    }
    expect(await disconnected).toEqual({ reason: 'transport close', reconnects: true });
  }, 120_000);
});
