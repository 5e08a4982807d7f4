import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { bearer, createUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { freePort } from './support/free-port.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sample = readFileSync(join(__dirname, '../samples/daily-sync-2026-05-07.txt'), 'utf8');
const mainJs = join(__dirname, '../dist/main.js');
/** Comments per user per minute, the same in both processes. */
const COMMENT_LIMIT = 6;

/** The second app process: the built server (`api/dist/main.js`, built by the test target's dependency). */
async function startSecondProcess(
  databaseUrl: string,
): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(mainJs))
    throw new Error(
      'api/dist/main.js is missing: run `npx nx build @briefroom/api` (nx test does it first)',
    );
  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_BUILD_DIR: '/nonexistent-web-build',
      SEED_SAMPLE_BRIEFING: 'false',
      COMMENT_RATE_LIMIT_PER_MINUTE: String(COMMENT_LIMIT),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second process exited: ${errors}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    if (Date.now() > deadline) throw new Error(`second process never became healthy: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Two app processes on Redis', () => {
  let app: TestApp;
  let second: { url: string; child: ChildProcess };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp({
      REDIS_URL: redisUrl,
      COMMENT_RATE_LIMIT_PER_MINUTE: String(COMMENT_LIMIT),
    });
    second = await startSecondProcess(app.databaseUrl);
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    second?.child.kill('SIGTERM');
    await new Promise((resolve) => second?.child.once('exit', resolve));
    await app?.close();
  });

  /** An editor, a member and the first prompt thread of the sample, imported for `day`. */
  async function discussion(day: string) {
    const editor = await createUser(app, 'editor');
    const member = await createUser(app, 'member');
    const briefing = (
      await app.http
        .post('/api/briefings/import')
        .set(bearer(editor))
        .set('Content-Type', 'text/plain')
        .send(sample.replaceAll('May 7, 2026', day))
        .expect(201)
    ).body;
    return { editor, member, threadId: briefing.sections[0].discussion.threadId as string };
  }

  function connect(url: string, token: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  function nextEvent(
    socket: Socket,
    type: string,
  ): Promise<{ seq: number; comment: { body: string } }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within 5 s`)), 5_000);
      socket.once(type, (payload) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  it('delivers a comment posted through one process to a client connected to the other, both ways', async () => {
    const { editor, member, threadId } = await discussion('May 7, 2026');

    const onSecond = await connect(second.url, member.token);
    expect(await onSecond.emitWithAck('thread:join', { threadId, sinceSeq: 0 })).toMatchObject({
      ok: true,
    });
    const arriving = nextEvent(onSecond, 'comment.created');
    await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(editor))
      .send({ body: 'posted via process A' })
      .expect(201);
    await expect(arriving).resolves.toMatchObject({
      seq: 1,
      comment: { body: 'posted via process A' },
    });

    const onFirst = await connect(app.baseUrl, editor.token);
    expect(await onFirst.emitWithAck('thread:join', { threadId, sinceSeq: 1 })).toMatchObject({
      ok: true,
      lastSeq: 1,
    });
    const back = nextEvent(onFirst, 'comment.created');
    const posted = await fetch(`${second.url}/api/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { ...bearer(member), 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'posted via process B' }),
    });
    expect(posted.status).toBe(201);
    await expect(back).resolves.toMatchObject({
      seq: 2,
      comment: { body: 'posted via process B' },
    });
  });

  it('counts a user against one comment limit across both processes', async () => {
    const { editor, member, threadId } = await discussion('May 8, 2026');
    const post = (base: string, i: number) =>
      fetch(`${base}/api/threads/${threadId}/comments`, {
        method: 'POST',
        headers: { ...bearer(member), 'content-type': 'application/json' },
        body: JSON.stringify({ body: `comment ${i}` }),
      });
    const statuses = [];
    for (let i = 0; i < COMMENT_LIMIT; i++) {
      statuses.push((await post(i % 2 ? second.url : app.baseUrl, i)).status);
    }
    expect(statuses).toEqual(Array(COMMENT_LIMIT).fill(201));
    // Each process has seen only half of them; together they are at the limit.
    for (const base of [app.baseUrl, second.url]) {
      const refused = await post(base, 99);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }
    // Another user still posts.
    await app.http
      .post(`/api/threads/${threadId}/comments`)
      .set(bearer(editor))
      .send({ body: 'not limited' })
      .expect(201);
  });
});
