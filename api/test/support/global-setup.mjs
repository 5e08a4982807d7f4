// Real services for the integration tests: the machine's PostgreSQL (TEST_DATABASE_URL) and
// Meilisearch (TEST_MEILI_URL) when given, else the same embedded ones `npm start` uses.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free loopback port, so parallel runs (CI and a developer, two worktrees) do not collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const started = [];
  if (!process.env.TEST_DATABASE_URL) {
    const { startEmbeddedPostgres } = await import('../../../infra/launcher/embedded-postgres.mjs');
    const dataDir = await mkdtemp(join(tmpdir(), 'briefroom-test-pg-'));
    const pg = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      log: () => undefined,
    });
    process.env.TEST_DATABASE_URL = pg.url;
    started.push(pg);
  }
  if (!process.env.TEST_MEILI_URL) {
    const { startEmbeddedMeilisearch } = await import('../../../infra/launcher/meilisearch.mjs');
    const dataDir = await mkdtemp(join(tmpdir(), 'briefroom-test-meili-'));
    const meili = await startEmbeddedMeilisearch({
      dataDir,
      port: await freePort(),
      log: () => undefined,
    });
    process.env.TEST_MEILI_URL = meili.url;
    process.env.TEST_MEILI_MASTER_KEY = meili.masterKey;
    started.push(meili);
  }
  // Names this run's test databases, so the teardown drops what workers left behind.
  process.env.TEST_RUN_ID = randomBytes(4).toString('hex');
  // On a fresh install search's word vectors are only the package's 307 MB JSON: read it once here
  // (~10 s) and write the compact copy, rather than have both workers read it at once when a spec
  // first searches (the search spec took 47 s instead of 14 s on a fresh machine).
  try {
    const { prepareWordVectors } = await import('../../dist/search/word-vectors.js');
    await prepareWordVectors();
  } catch {
    // No build (jest run by hand before `node build.mjs`): the workers read the package themselves.
  }
  globalThis.__briefroomServices = started;
}
