import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { bearer, createUser } from './support/factories.js';
import { freePort } from './support/free-port.js';
import { sampleOn, uniqueDate } from './support/samples.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const mainJs = join(__dirname, '../dist/main.js');

/** A TCP relay to the real Redis that the test can cut, as a Redis restart or a network loss would. */
async function redisRelay(): Promise<{ url: string; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(redis.port || 6379), redis.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function started(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited: ${output()}`);
    const up = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`the app never answered: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Live updates go through Redis pub/sub (socket.io's Redis adapter) when REDIS_URL is set. Redis
 * going away must cost the live updates only: the adapter's publishes then fail, and a failed
 * publish nobody handled would stop the whole process (Node ends on an unhandled rejection).
 */
describe('Redis going away under a running app', () => {
  let app: TestApp;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    app = await createTestApp({});
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    await app.close();
  });

  it('keeps the app serving and storing comments; only live updates wait for Redis', async () => {
    if (!existsSync(mainJs))
      throw new Error('api/dist/main.js is missing: build first (node build.mjs)');
    const relay = await redisRelay();
    const port = await freePort();
    let output = '';
    child = spawn(process.execPath, [mainJs], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: app.databaseUrl,
        REDIS_URL: relay.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WEB_BUILD_DIR: '/nonexistent-web-build',
        SEED_SAMPLE_BRIEFING: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await started(url, child, () => output);

    const editor = await createUser(app, 'editor');
    const member = await createUser(app, 'member');
    const briefing = await fetch(`${url}/api/briefings/import`, {
      method: 'POST',
      headers: { ...bearer(editor), 'content-type': 'application/json' },
      body: JSON.stringify({ content: sampleOn(uniqueDate()), format: 'text' }),
    });
    expect(briefing.status).toBe(201);
    const threadId = (
      (await briefing.json()) as { sections: Array<{ discussion: { threadId: string } | null }> }
    ).sections.flatMap((section) => (section.discussion ? [section.discussion.threadId] : []))[0];

    await relay.cut();
    const posted = await fetch(`${url}/api/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { ...bearer(member), 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'written while Redis is away' }),
    });
    expect(posted.status).toBe(201);
    // ioredis gives up on a queued publish after three reconnection attempts (well under a second)
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect({ exitCode: child.exitCode, signal: child.signalCode }).toEqual({
      exitCode: null,
      signal: null,
    });
    const page = await fetch(`${url}/api/threads/${threadId}`, { headers: bearer(member) });
    expect(page.status).toBe(200);
    const { comments } = (await page.json()) as { comments: Array<{ body: string }> };
    expect(comments.map((comment) => comment.body)).toContain('written while Redis is away');
    // the failed live update was reported (once), not left to stop the process
    expect(output).toContain('Redis did not take a live update');
  });
});
