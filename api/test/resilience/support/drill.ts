import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { freePort } from '../../support/free-port.js';

/** Real processes for the fault drills: services and app processes that are killed for real. */

const runner = join(__dirname, 'service-runner.mjs');
const mainJs = join(__dirname, '../../../dist/main.js');

/** A data folder the embedded PostgreSQL (which drops root privileges) can enter. */
export async function dataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `briefroom-drill-${prefix}-`));
  await chmod(dir, 0o755);
  return dir;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface RunningService {
  url: string;
  masterKey: string | null;
  port: number;
  runner: ChildProcess;
  /** SIGKILLs the service process itself (not the runner), as a crash would. */
  kill(): void;
  /** Asks the service to stop as an operator would (PostgreSQL: fast shutdown). */
  stop(): Promise<void>;
}

/** Starts an embedded PostgreSQL or Meilisearch (the launcher's own code) in a runner process. */
export async function startService(
  kind: 'postgres' | 'meilisearch',
  dir: string,
  port: number,
): Promise<RunningService> {
  const child = spawn(process.execPath, [runner, kind, dir, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line);
    });
    child.once('exit', () => reject(new Error(`${kind} runner exited: ${errors}`)));
  });
  const { url, masterKey } = JSON.parse(first) as { url: string; masterKey: string | null };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    masterKey,
    port,
    runner: child,
    kill: () => signalServiceOnPort(kind, port, 'SIGKILL'),
    stop: async () => {
      signalServiceOnPort(kind, port, kind === 'postgres' ? 'SIGINT' : 'SIGTERM');
      await exited;
    },
  };
}

/** The service's own process, found by the port on its command line. */
function signalServiceOnPort(kind: string, port: number, signal: NodeJS.Signals): void {
  const pattern =
    kind === 'postgres' ? `postgres -D .* -p ${port} ` : `http-addr 127.0.0.1:${port}`;
  const pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number)
    // setpriv execs the service, so the pid is the service; skip the pgrep shell itself
    .filter((pid) => pid !== process.pid);
  // The oldest match is the server (PostgreSQL's own children carry no command line to match).
  process.kill(Math.min(...pids), signal);
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

/** A real app process (`api/dist/main.js`, built by the resilience target's dependency). */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  if (!existsSync(mainJs))
    throw new Error('api/dist/main.js is missing: run `npx nx build @briefroom/api` first');
  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_BUILD_DIR: '/nonexistent-web-build',
      SEED_SAMPLE_BRIEFING: 'false',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on(
    'data',
    (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000_000)),
  );
  child.stderr?.on(
    'data',
    (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000_000)),
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`app process exited: ${output}`);
      if (Date.now() - spawnedAt > 85_000)
        throw new Error(`app process never became healthy: ${output}`);
      return fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    'the app process to become healthy',
    90_000,
    100,
  );
  return {
    url,
    child,
    output: () => output,
    kill: (signal = 'SIGKILL') => child.kill(signal),
    exited,
  };
}

export function connect(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

interface JoinAck {
  ok: boolean;
  lastSeq?: number;
  complete?: boolean;
}

/**
 * A thread reader that behaves like the web client: joins from the last seq it applied, drops
 * seqs it has, and asks again from its last seq when it sees a gap or an incomplete replay.
 */
export class ThreadReader {
  readonly seqs = new Set<number>();
  /** Events received for a seq already applied (dropped, as the client does). */
  duplicates = 0;
  rejoins = 0;
  lastSeq = 0;
  private socket: Socket | undefined;
  private joining: Promise<void> | undefined;
  private rejoinAfter = false;

  constructor(readonly threadId: string) {}

  async attach(socket: Socket): Promise<void> {
    this.socket = socket;
    for (const type of ['comment.created', 'comment.updated', 'comment.deleted', 'thread.updated'])
      socket.on(type, (event: { threadId: string; seq: number }) => this.receive(event));
    await this.join();
  }

  get socketConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  private receive(event: { threadId: string; seq: number }): void {
    if (event.threadId !== this.threadId) return;
    if (this.seqs.has(event.seq) || event.seq <= this.lastSeq) {
      this.duplicates += 1;
      return;
    }
    if (event.seq > this.lastSeq + 1) {
      void this.join();
      return;
    }
    this.seqs.add(event.seq);
    this.lastSeq = event.seq;
  }

  join(): Promise<void> {
    if (this.joining) {
      // The replay in flight may have been read before the event that showed the gap: ask again after it.
      this.rejoinAfter = true;
      return this.joining;
    }
    this.joining = (async () => {
      try {
        for (;;) {
          this.rejoinAfter = false;
          const socket = this.socket;
          if (!socket?.connected) return;
          this.rejoins += 1;
          const ack = (await socket.timeout(20_000).emitWithAck('thread:join', {
            threadId: this.threadId,
            sinceSeq: this.lastSeq,
          })) as JoinAck;
          if (!ack.ok) throw new Error(`thread:join refused: ${JSON.stringify(ack)}`);
          // Replayed events arrived before the ack; an incomplete replay continues from the last one.
          if (ack.complete !== false && !this.rejoinAfter) return;
        }
      } finally {
        this.joining = undefined;
      }
    })();
    return this.joining;
  }

  /** Seqs from 1 to `last` that were never applied. */
  missing(last: number): number[] {
    return Array.from({ length: last }, (_, i) => i + 1).filter((seq) => !this.seqs.has(seq));
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One line of figures for docs/reliability.md, printed where the suite's output keeps it. */
export function report(drill: string, figures: Record<string, unknown>): void {
  process.stdout.write(`\n[resilience] ${drill}: ${JSON.stringify(figures)}\n`);
}
