import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { freePort } from '../support/free-port.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  connect,
  dataDir,
  percentile,
  report,
  sleep,
  startAppProcess,
  startService,
  ThreadReader,
  until,
  type AppProcess,
  type RunningService,
} from './support/drill.js';

/**
 * Fault drills with real processes killed for real (docs/reliability.md has the figures): search
 * engine crash, an app replica crash, a database outage under load, a long-offline client.
 */

const sample = readFileSync(join(__dirname, '../../samples/daily-sync-2026-05-07.txt'), 'utf8');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** How long the offline client stays away (CI shortens the 10 minutes of the issue). */
const OFFLINE_SECONDS = Number(process.env.RESILIENCE_OFFLINE_SECONDS ?? 600);

async function importSample(app: { baseUrl?: string; url?: string }, token: string, date: string) {
  const base = app.baseUrl ?? app.url;
  const response = await fetch(`${base}/api/briefings/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: sample.replaceAll('May 7, 2026', date),
  });
  if (response.status !== 201) throw new Error(`import answered ${response.status}`);
  return (await response.json()) as {
    id: string;
    sections: Array<{ discussion: { threadId: string } | null }>;
  };
}

async function postComment(base: string, token: string, threadId: string, body: string) {
  return fetch(`${base}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
    signal: AbortSignal.timeout(30_000),
  });
}

/** "January 2, 2001" and on: a new briefing date per import. */
const dayName = (n: number) =>
  new Date(Date.UTC(2001, 0, 1) + n * 86_400_000).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });

describe('Fault drills', () => {
  it('keeps every comment post working while Meilisearch is killed, and indexes them all once it returns', async () => {
    const port = await freePort();
    const dir = await dataDir('meili');
    let meili: RunningService = await startService('meilisearch', dir, port);
    const app = await createTestApp({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey! });
    try {
      const member = await createUser(app, 'member');
      const editor = await createUser(app, 'editor');
      const { sections } = await importSample(app, editor.token, 'May 8, 2026');
      const threadId = sections[0].discussion!.threadId;
      const total = 1_000;
      const statuses: number[] = [];
      const whileDown: { health: string[]; search: number[] } = { health: [], search: [] };
      let posted = 0;

      const worker = async () => {
        while (posted < total) {
          const n = (posted += 1);
          if (n === 200) meili.kill();
          if (n > 200 && n % 100 === 0) {
            const health = await app.http.get('/api/health');
            whileDown.health.push(health.body.search);
            whileDown.search.push(
              (await app.http.get('/api/search?q=meilidrill').set(bearer(member))).status,
            );
          }
          const response = await postComment(
            app.baseUrl,
            member.token,
            threadId,
            `meilidrill comment number ${n}`,
          );
          statuses.push(response.status);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      // Down for a while longer than the indexer's longest pause between attempts.
      await sleep(5_000);
      meili = await startService('meilisearch', dir, port);
      const restartedAt = Date.now();

      const searchable = async () => {
        const response = await app.http
          .get('/api/search?q=meilidrill&type=comment&limit=1')
          .set(bearer(member));
        return response.status === 200 && response.body.estimatedTotalHits === total;
      };
      await until(searchable, 'all 1,000 comments to be searchable', 120_000, 100);
      const caughtUpMs = Date.now() - restartedAt;

      expect(statuses.filter((status) => status !== 201)).toEqual([]);
      expect(whileDown.health.length).toBeGreaterThan(0);
      expect(new Set(whileDown.health)).toEqual(new Set(['degraded']));
      expect(new Set(whileDown.search)).toEqual(new Set([503]));
      expect((await app.http.get('/api/health').expect(200)).body).toMatchObject({ search: 'up' });
      report('meilisearch killed during 1,000 posts', {
        posts: total,
        failed: statuses.filter((status) => status !== 201).length,
        healthWhileDown: [...new Set(whileDown.health)],
        searchWhileDown: [...new Set(whileDown.search)],
        allSearchableMsAfterRestart: caughtUpMs,
      });
    } finally {
      await app.close();
      await meili.stop().catch(() => undefined);
    }
  });

  it('moves 200 live readers to the other replica when one is killed, each ending with every event once', async () => {
    const app = await createTestApp({ REDIS_URL: redisUrl });
    const replicas: AppProcess[] = [];
    const sockets: Socket[] = [];
    try {
      const env = {
        DATABASE_URL: app.databaseUrl,
        REDIS_URL: redisUrl,
        MEILI_URL: app.config.meili?.url ?? '',
        MEILI_MASTER_KEY: app.config.meili?.masterKey ?? '',
        SEARCH_INDEX_PREFIX: app.config.searchIndexPrefix,
      };
      const [doomed, survivor] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
      replicas.push(doomed, survivor);
      const poster = await createUser(app, 'editor');
      const { sections } = await importSample(app, poster.token, 'May 9, 2026');
      const threadId = sections[0].discussion!.threadId;
      const readersPerUser = 10;
      const users: TestUser[] = [];
      for (let i = 0; i < 20; i += 1) users.push(await createUser(app, 'viewer'));

      const readers: ThreadReader[] = [];
      const reconnectMs: number[] = [];
      const rejoinedMs: number[] = [];
      let killedAt = 0;
      await Promise.all(
        users.flatMap((user) =>
          Array.from({ length: readersPerUser }, async () => {
            const reader = new ThreadReader(threadId);
            readers.push(reader);
            const first = await connect(doomed.url, user.token);
            sockets.push(first);
            first.once('disconnect', () => {
              void (async () => {
                const socket = await until(
                  () => connect(survivor.url, user.token).catch(() => undefined),
                  'a reconnect to the survivor',
                  30_000,
                  100,
                );
                sockets.push(socket);
                reconnectMs.push(Date.now() - killedAt);
                await reader.attach(socket);
                rejoinedMs.push(Date.now() - killedAt);
              })();
            });
            await reader.attach(first);
          }),
        ),
      );

      const total = 300;
      for (let n = 1; n <= total; n += 1) {
        if (n === 100) {
          killedAt = Date.now();
          doomed.kill('SIGKILL');
        }
        const response = await postComment(
          survivor.url,
          poster.token,
          threadId,
          `replica drill ${n}`,
        );
        expect(response.status).toBe(201);
      }
      await until(
        () => readers.every((reader) => reader.lastSeq === total),
        'every reader to reach the last event',
        60_000,
      );

      expect(readers).toHaveLength(200);
      expect(readers.filter((reader) => reader.missing(total).length > 0)).toEqual([]);
      expect(readers.every((reader) => reader.seqs.size === total)).toBe(true);
      report('one of two replicas killed with 200 readers', {
        readers: readers.length,
        events: total,
        readersWithGaps: 0,
        duplicatesDropped: readers.reduce((sum, reader) => sum + reader.duplicates, 0),
        reconnectMsP50: percentile(reconnectMs, 50),
        reconnectMsP99: percentile(reconnectMs, 99),
        caughtUpMsP50: percentile(rejoinedMs, 50),
        caughtUpMsP99: percentile(rejoinedMs, 99),
      });
    } finally {
      sockets.forEach((socket) => socket.close());
      replicas.forEach((replica) => replica.kill('SIGKILL'));
      await app.close();
    }
  });

  it('answers a fast 503 while PostgreSQL is down under load, recovers by itself, and keeps no half-written data', async () => {
    const port = await freePort();
    const dir = await dataDir('pg');
    let database: RunningService = await startService('postgres', dir, port);
    const admin = { email: 'drill-admin@example.com', password: 'drill-password-long-enough' };
    let app: AppProcess | undefined;
    try {
      app = await startAppProcess({
        DATABASE_URL: database.url,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        MEILI_URL: process.env.TEST_MEILI_URL ?? '',
        MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY ?? '',
        SEARCH_INDEX_PREFIX: `pgdrill${port}`,
      });
      const base = app.url;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      });
      const { token } = (await login.json()) as { token: string };
      const { sections } = await importSample({ url: base }, token, 'May 10, 2026');
      const threadId = sections[0].discussion!.threadId;

      interface Outcome {
        kind: string;
        status: number;
        code?: string;
        ms: number;
        id?: string;
        stack: boolean;
        at: number;
      }
      const outcomes: Outcome[] = [];
      let running = true;
      let dateSeq = 0;
      const requests: Record<string, () => Promise<Response>> = {
        comment: () => postComment(base, token, threadId, `pg drill ${Date.now()}`),
        action: () =>
          fetch(`${base}/api/actions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `pg drill action ${Date.now()}` }),
            signal: AbortSignal.timeout(30_000),
          }),
        briefing: () =>
          fetch(`${base}/api/briefings/import`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
            body: sample.replaceAll('May 7, 2026', dayName((dateSeq += 1))),
            signal: AbortSignal.timeout(30_000),
          }),
        read: () =>
          fetch(`${base}/api/threads/${threadId}`, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(30_000),
          }),
      };
      const worker = async (kind: string) => {
        while (running) {
          const started = Date.now();
          try {
            const response = await requests[kind]();
            const text = await response.text();
            let parsed: { id?: string; error?: { code?: string } } = {};
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = {};
            }
            outcomes.push({
              kind,
              status: response.status,
              code: parsed.error?.code,
              id: parsed.id,
              ms: Date.now() - started,
              stack: /\n\s+at /.test(text),
              at: started,
            });
          } catch (error) {
            outcomes.push({
              kind,
              status: 0,
              code: String(error),
              ms: Date.now() - started,
              stack: false,
              at: started,
            });
          }
          await sleep(20);
        }
      };
      const workers = Object.keys(requests).map(worker);
      await sleep(3_000);
      const stoppedAt = Date.now();
      await database.stop();
      await sleep(6_000);
      database = await startService('postgres', dir, port);
      const restartedAt = Date.now();
      await until(
        () => outcomes.some((o) => o.at > restartedAt && o.status >= 200 && o.status < 300),
        'a write to succeed after PostgreSQL returned',
        60_000,
      ).catch((error: unknown) => {
        process.stdout.write(
          `DIAG outcomes ${JSON.stringify(outcomes.filter((o) => o.at > restartedAt).slice(-8))}\nDIAG app ${app?.output().slice(-6000)}\n`,
        );
        throw error;
      });
      const recoveredAt = Date.now();
      await sleep(3_000);
      running = false;
      await Promise.all(workers);

      const during = outcomes.filter((o) => o.at >= stoppedAt && o.at < restartedAt);
      const unavailable = outcomes.filter((o) => o.status === 503);
      const failures = outcomes.filter(
        (o) => o.status === 0 || (o.status >= 500 && o.status !== 503) || o.stack,
      );
      // The app's own log says what went wrong behind an unexpected answer.
      if (failures.length > 0) {
        const logged = app.output().split('\n');
        console.error(
          logged
            .filter((line) => /"status":5(?!03)|"level":(50|60)(?!.*"status":503)/.test(line))
            .join('\n'),
        );
      }
      expect(failures).toEqual([]);
      expect(unavailable.length).toBeGreaterThan(0);
      expect(new Set(unavailable.map((o) => o.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
      expect(during.every((o) => o.status === 503 || o.status < 300)).toBe(true);
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', db: 'up' });

      // Nothing half-written: every acknowledged write is whole, every stored thing consistent.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const acknowledged = (kind: string) =>
          outcomes.filter((o) => o.kind === kind && o.status === 201 && o.id).map((o) => o.id!);
        const count = async (sql: string, params: unknown[] = []) =>
          Number((await client.query(sql, params)).rows[0].n);
        expect(
          await count(`SELECT count(*) AS n FROM comment WHERE id = ANY($1::uuid[])`, [
            acknowledged('comment'),
          ]),
        ).toBe(acknowledged('comment').length);
        expect(
          await count(`SELECT count(*) AS n FROM action_item WHERE id = ANY($1::uuid[])`, [
            acknowledged('action'),
          ]),
        ).toBe(acknowledged('action').length);
        expect(
          await count(`SELECT count(*) AS n FROM briefing WHERE id = ANY($1::uuid[])`, [
            acknowledged('briefing'),
          ]),
        ).toBe(acknowledged('briefing').length);
        expect(
          await count(
            `SELECT count(*) AS n FROM briefing b WHERE NOT EXISTS (SELECT 1 FROM section s WHERE s.briefing_id = b.id)`,
          ),
        ).toBe(0);
        expect(
          await count(
            `SELECT count(*) AS n FROM discussion_prompt p WHERE NOT EXISTS (SELECT 1 FROM thread t WHERE t.prompt_id = p.id)`,
          ),
        ).toBe(0);
        expect(
          await count(
            `SELECT count(*) AS n FROM thread t
              WHERE t.comment_count <> (SELECT count(*) FROM comment c WHERE c.thread_id = t.id AND c.deleted_at IS NULL)
                 OR t.last_seq <> COALESCE((SELECT max(e.seq) FROM thread_event e WHERE e.thread_id = t.id), 0)`,
          ),
        ).toBe(0);
      } finally {
        await client.end();
      }
      report('PostgreSQL stopped and started under load', {
        requests: outcomes.length,
        during: during.length,
        unavailable: unavailable.length,
        unavailableMsP50: percentile(
          unavailable.map((o) => o.ms),
          50,
        ),
        unavailableMsP99: percentile(
          unavailable.map((o) => o.ms),
          99,
        ),
        unavailableMsMax: Math.max(...unavailable.map((o) => o.ms)),
        other5xx: 0,
        recoveredMsAfterRestart: recoveredAt - restartedAt,
        downMs: restartedAt - stoppedAt,
      });
    } finally {
      app?.kill('SIGTERM');
      await app?.exited;
      await database.stop().catch(() => undefined);
    }
  });

  it(
    `lets a client offline for ${OFFLINE_SECONDS} s catch up with no gap`,
    async () => {
      const app: TestApp = await createTestApp();
      const sockets: Socket[] = [];
      try {
        const poster = await createUser(app, 'editor');
        const reader = await createUser(app, 'viewer');
        const { sections } = await importSample(app, poster.token, 'May 11, 2026');
        const threadId = sections[0].discussion!.threadId;
        const thread = new ThreadReader(threadId);
        const first = await connect(app.baseUrl, reader.token);
        sockets.push(first);
        await thread.attach(first);
        expect(
          (await postComment(app.baseUrl, poster.token, threadId, 'before going offline')).status,
        ).toBe(201);
        await until(() => thread.lastSeq === 1, 'the first event');
        first.close();

        // More events than one replay carries (1,000), spread over the whole time away.
        const posts = 1_200;
        const started = Date.now();
        const ids: string[] = [];
        for (let n = 0; n < posts; n += 1) {
          const response = await postComment(
            app.baseUrl,
            poster.token,
            threadId,
            `while you were away ${n}`,
          );
          expect(response.status).toBe(201);
          ids.push(((await response.json()) as { id: string }).id);
          if (n % 10 === 0)
            await app.http
              .patch(`/api/comments/${ids[n]}`)
              .set(bearer(poster))
              .send({ body: `edited ${n}` })
              .expect(200);
          if (n % 50 === 0)
            await app.http.delete(`/api/comments/${ids[n]}`).set(bearer(poster)).expect(204);
          const due = started + ((n + 1) / posts) * OFFLINE_SECONDS * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        const last = (
          await app.http.get(`/api/threads/${threadId}?limit=1`).set(bearer(reader)).expect(200)
        ).body.thread.lastSeq;

        const back = await connect(app.baseUrl, reader.token);
        sockets.push(back);
        const reconnected = Date.now();
        await thread.attach(back);
        await until(() => thread.lastSeq === last, 'the reader to catch up', 60_000);
        expect(thread.missing(last)).toEqual([]);
        report(`client offline ${OFFLINE_SECONDS} s`, {
          eventsMissed: last - 1,
          replayJoins: thread.rejoins - 1,
          caughtUpMs: Date.now() - reconnected,
          gaps: 0,
        });
      } finally {
        sockets.forEach((socket) => socket.close());
        await app.close();
      }
      // The time away, plus set-up and the catch-up.
    },
    (OFFLINE_SECONDS + 240) * 1000,
  );
});
