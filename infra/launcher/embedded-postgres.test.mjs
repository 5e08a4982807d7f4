import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { LauncherError } from './errors.mjs';
import { freePort, holdPort, temporaryDataDir } from './fixtures.mjs';

// `pg` comes with embedded-postgres; the launcher itself loads it the same way
/** @type {typeof import('pg')} */
const pg = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('pg');

/**
 * @param {string} url
 * @param {string} sql
 */
async function query(url, sql) {
  const client = new pg.Client({ connectionString: url, ssl: false });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe(startEmbeddedPostgres.name, () => {
  /** @type {string[]} */
  const dataDirs = [];
  after(() => Promise.all(dataDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

  test('creates a cluster with the briefroom database, then reuses its data on the next start', async (t) => {
    const dataDir = await temporaryDataDir('pg');
    dataDirs.push(dataDir);
    const port = await freePort();

    let started = Date.now();
    const first = await startEmbeddedPostgres({ dataDir, port });
    t.diagnostic(`fresh start (initdb + server + CREATE DATABASE): ${Date.now() - started} ms`);
    try {
      assert.match(
        first.url,
        new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/briefroom$`),
      );
      assert.equal(first.dataDir, path.join(dataDir, 'postgres', 'data'));
      const [{ db, encoding }] = await query(
        first.url,
        'SELECT current_database() AS db, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
      );
      assert.deepEqual({ db, encoding }, { db: 'briefroom', encoding: 'UTF8' });
      await query(
        first.url,
        "CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('still here')",
      );
    } finally {
      await first.stop();
    }
    await first.stop(); // idempotent
    assert.deepEqual(await first.exited, { code: 0, signal: null });

    started = Date.now();
    const second = await startEmbeddedPostgres({ dataDir, port });
    t.diagnostic(`second start on the same data: ${Date.now() - started} ms`);
    try {
      assert.equal(second.url, first.url, 'the same password is kept');
      assert.deepEqual(await query(second.url, 'SELECT note FROM survivor'), [
        { note: 'still here' },
      ]);
    } finally {
      await second.stop();
    }
  });

  test('starts despite a postmaster.pid left behind by an unclean stop', async () => {
    const dataDir = await temporaryDataDir('pg-stale');
    dataDirs.push(dataDir);
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    await first.stop();

    // after a crash the file survives, and its PID may by now belong to an unrelated process (here: this test)
    const pidFile = path.join(first.dataDir, 'postmaster.pid');
    await fs.writeFile(
      pidFile,
      `${process.pid}\n${first.dataDir}\n1700000000\n${port}\n\n127.0.0.1\n  1234  5678\nready   \n`,
    );
    const stat = await fs.stat(first.dataDir);
    await fs.chown(pidFile, stat.uid, stat.gid);

    const second = await startEmbeddedPostgres({ dataDir, port });
    try {
      assert.deepEqual(await query(second.url, 'SELECT 1 AS ok'), [{ ok: 1 }]);
    } finally {
      await second.stop();
    }
  });

  test('refuses a port that is already taken with one clear sentence', async () => {
    const dataDir = await temporaryDataDir('pg-port');
    dataDirs.push(dataDir);
    const port = await freePort();
    const other = await holdPort(port);
    try {
      await assert.rejects(startEmbeddedPostgres({ dataDir, port }), (error) => {
        assert.ok(error instanceof LauncherError);
        assert.equal(error.code, 'PORT_IN_USE');
        assert.equal(
          error.message,
          `Port ${port} is already in use: stop the other PostgreSQL or set EMBEDDED_PG_PORT / DATABASE_URL.`,
        );
        return true;
      });
    } finally {
      other.close();
    }
  });
});
