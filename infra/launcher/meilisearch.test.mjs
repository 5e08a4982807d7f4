import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { LauncherError } from './errors.mjs';
import { freePort, holdPort, temporaryDataDir } from './fixtures.mjs';
import {
  MEILISEARCH_PACKAGE,
  MEILISEARCH_SHA256,
  parseByteSize,
  startEmbeddedMeilisearch,
  verifiedMeilisearchBinary,
} from './meilisearch.mjs';

const installedPackageDir = path.dirname(
  createRequire(import.meta.url).resolve(`${MEILISEARCH_PACKAGE}/package.json`),
);

/**
 * @param {string} url
 * @param {string} [key]
 * @param {RequestInit} [init]
 */
function meili(url, key, init = {}) {
  const headers = {
    'content-type': 'application/json',
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  };
  return fetch(url, { ...init, headers });
}

/**
 * @param {string} baseUrl
 * @param {string} key
 * @param {number} taskUid
 */
async function waitForTask(baseUrl, key, taskUid) {
  for (;;) {
    const task = await (await meili(`${baseUrl}/tasks/${taskUid}`, key)).json();
    if (task.status === 'succeeded') return task;
    if (task.status === 'failed' || task.status === 'canceled')
      throw new Error(JSON.stringify(task.error));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(startEmbeddedMeilisearch.name, () => {
  /** @type {string[]} */
  const tempDirs = [];
  after(() => Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

  test('requires its master key, and keeps the key and the data across restarts', async (t) => {
    const dataDir = await temporaryDataDir('meili');
    tempDirs.push(dataDir);
    const port = await freePort();

    let started = Date.now();
    const first = await startEmbeddedMeilisearch({ dataDir, port });
    t.diagnostic(`first start (sha256 check + new database): ${Date.now() - started} ms`);
    try {
      assert.equal(first.url, `http://127.0.0.1:${port}`);
      assert.ok(Buffer.from(first.masterKey, 'base64url').length >= 32, 'at least 32 random bytes');
      const keyFile = path.join(dataDir, 'meili', 'master.key');
      assert.equal((await fs.stat(keyFile)).mode & 0o777, 0o600);
      assert.equal((await fs.readFile(keyFile, 'utf8')).trim(), first.masterKey);

      assert.equal((await meili(`${first.url}/indexes`)).status, 401);
      assert.equal((await meili(`${first.url}/indexes`, 'not-the-key')).status, 403);
      assert.equal((await meili(`${first.url}/indexes`, first.masterKey)).status, 200);

      const created = await meili(`${first.url}/indexes/notes/documents`, first.masterKey, {
        method: 'POST',
        body: JSON.stringify([{ id: 1, text: 'kept across restarts' }]),
      });
      assert.equal(created.status, 202);
      await waitForTask(first.url, first.masterKey, (await created.json()).taskUid);
    } finally {
      await first.stop();
    }
    await first.stop(); // idempotent

    started = Date.now();
    const second = await startEmbeddedMeilisearch({ dataDir, port });
    t.diagnostic(`second start on the same data: ${Date.now() - started} ms`);
    try {
      assert.equal(second.masterKey, first.masterKey);
      assert.equal((await meili(`${second.url}/indexes`)).status, 401);
      const document = await meili(`${second.url}/indexes/notes/documents/1`, second.masterKey);
      assert.equal(document.status, 200);
      assert.deepEqual(await document.json(), { id: 1, text: 'kept across restarts' });
    } finally {
      await second.stop();
    }
  });

  test('refuses to run a binary whose sha256 differs from the vetted one', async () => {
    const packageDir = await temporaryDataDir('meili-tampered');
    tempDirs.push(packageDir);
    await fs.cp(installedPackageDir, packageDir, { recursive: true });
    const binary = path.join(packageDir, 'meilisearch');
    const handle = await fs.open(binary, 'r+');
    try {
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, 4096);
      byte[0] ^= 0xff;
      await handle.write(byte, 0, 1, 4096);
    } finally {
      await handle.close();
    }

    const dataDir = await temporaryDataDir('meili-unused');
    tempDirs.push(dataDir);
    await assert.rejects(
      startEmbeddedMeilisearch({ dataDir, port: await freePort(), packageDir }),
      (error) => {
        assert.ok(error instanceof LauncherError);
        assert.equal(error.code, 'BINARY_TAMPERED');
        assert.ok(error.message.includes(binary), 'names the file');
        assert.ok(error.message.includes(MEILISEARCH_SHA256), 'names the expected hash');
        assert.match(error.message, /sha256 is [0-9a-f]{64} but/, 'names the actual hash');
        return true;
      },
    );
    await assert.rejects(fs.access(path.join(dataDir, 'meili', 'data')), 'nothing was started');
  });

  test('refuses a package of another version', async () => {
    const packageDir = await temporaryDataDir('meili-version');
    tempDirs.push(packageDir);
    const manifest = JSON.parse(
      await fs.readFile(path.join(installedPackageDir, 'package.json'), 'utf8'),
    );
    await fs.writeFile(
      path.join(packageDir, 'package.json'),
      JSON.stringify({ ...manifest, version: '1.3.0-1.22.0' }),
    );
    await assert.rejects(verifiedMeilisearchBinary(packageDir), {
      name: 'LauncherError',
      code: 'WRONG_PACKAGE_VERSION',
    });
  });

  test('refuses a port that is already taken with one clear sentence', async () => {
    const dataDir = await temporaryDataDir('meili-port');
    tempDirs.push(dataDir);
    const port = await freePort();
    const other = await holdPort(port);
    try {
      await assert.rejects(startEmbeddedMeilisearch({ dataDir, port }), (error) => {
        assert.ok(error instanceof LauncherError);
        assert.equal(error.code, 'PORT_IN_USE');
        assert.equal(
          error.message,
          `Port ${port} is already in use: stop the other Meilisearch or set EMBEDDED_MEILI_PORT / MEILI_URL.`,
        );
        return true;
      });
    } finally {
      other.close();
    }
  });
});

describe(parseByteSize.name, () => {
  test('takes the sizes Meilisearch takes and refuses the rest before anything starts', async () => {
    assert.equal(parseByteSize('1GiB', 'X'), '1GiB');
    assert.equal(parseByteSize(' 512 MiB ', 'X'), '512MiB');
    assert.equal(parseByteSize('2147483648', 'X'), '2147483648');
    assert.equal(parseByteSize('1.5gb', 'X'), '1.5gb');
    for (const bad of ['', 'lots', '-1GiB', '0', '1 GiB --no-analytics', '1PB']) {
      assert.throws(
        () => parseByteSize(bad, 'MEILI_MAX_INDEXING_MEMORY'),
        (error) =>
          error instanceof LauncherError &&
          error.code === 'BAD_SETTING' &&
          error.message.startsWith('MEILI_MAX_INDEXING_MEMORY must be a size such as 1GiB'),
        bad,
      );
    }
    const dataDir = await temporaryDataDir('meili-bad-size');
    try {
      await assert.rejects(
        startEmbeddedMeilisearch({ dataDir, port: await freePort(), maxIndexingMemory: 'lots' }),
        (error) => error instanceof LauncherError && error.code === 'BAD_SETTING',
      );
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
