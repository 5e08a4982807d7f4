import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export interface TestApp {
  server: RunningServer;
  config: AppConfig;
  databaseUrl: string;
  baseUrl: string;
  http: TestAgent;
  close(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(requiredEnv('TEST_DATABASE_URL'));
  url.pathname = `/${name}`;
  // A test database is thrown away: a commit need not wait for its WAL to reach the disk.
  url.searchParams.set('options', '-c synchronous_commit=off');
  return url.toString();
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: jest's global setup should have set it`);
  return value;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: requiredEnv('TEST_DATABASE_URL') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropInBackground(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: requiredEnv('TEST_DATABASE_URL') });
  await client.connect();
  (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Databases of this jest run carry its id, so its global teardown drops what is left of them. */
const runId = process.env.TEST_RUN_ID ?? 'adhoc';

/**
 * A database every migration has run on, and that one app has started on (pg-boss's schema and
 * queues), named after the migrations' source: a test app's database is a copy of it (`CREATE
 * DATABASE … TEMPLATE`, ~0.3 s) instead of being migrated from nothing (~1.5 s, 80 times a run).
 * Built once per machine and migration set, under an advisory lock so parallel workers wait for
 * the first; published by a rename, so a run killed while building leaves no half template.
 */
let template: Promise<string> | undefined;

function templateName(): string {
  const hash = createHash('sha256');
  const migrations = join(__dirname, '../../src/database/migrations');
  for (const file of readdirSync(migrations).sort())
    hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(__dirname, '../../src/database/data-source.ts')));
  return `briefroom_tpl_${hash.digest('hex').slice(0, 16)}`;
}

async function buildTemplate(): Promise<string> {
  const name = templateName();
  const client = new pg.Client({ connectionString: requiredEnv('TEST_DATABASE_URL') });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    const building = `${name}_building`;
    await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${building}`);
    const server = await startServer(appConfig(building, { SEED_SAMPLE_BRIEFING: 'false' }));
    await server.close();
    // The start printed a setup code for an install without accounts: copies print their own.
    const copy = new pg.Client({ connectionString: databaseUrl(building) });
    await copy.connect();
    await copy.query('DELETE FROM setup_code').finally(() => copy.end());
    await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    return name;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await client.end();
  }
}

function appConfig(name: string, env: Record<string, string | undefined>): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl(name),
    MEILI_URL: process.env.TEST_MEILI_URL,
    MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WEB_BUILD_DIR: '/nonexistent-web-build',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    COMMENT_RATE_LIMIT_PER_MINUTE: '100000',
    SEED_SAMPLE_BRIEFING: 'false',
    // No scheduled reminder or alert passes at a clock minute mid-test: tests run passes through the JobQueue.
    REMINDER_INTERVAL_SECONDS: '0',
    SAVED_SEARCH_ALERT_INTERVAL_SECONDS: '0',
    SEARCH_INDEX_PREFIX: name,
    // The smallest argon2id cost: ~1 ms a hash instead of ~0.2 s of CPU (some 200 a run, and
    // each app's sign-in decoy). PasswordHasher's own spec covers the product's cost.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ARGON2_PARALLELISM: '1',
    ...env,
  });
}

/**
 * Boots the real server on a fresh database of its own, on a free port. The database is a copy of
 * the migrated template; an app that seeds the sample briefing (which only a brand-new database
 * gets) is migrated from nothing instead.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const name = `briefroom_test_${runId}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  if (env.SEED_SAMPLE_BRIEFING === 'true') await adminQuery(`CREATE DATABASE ${name}`);
  else await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${await (template ??= buildTemplate())}`);
  const url = databaseUrl(name);
  const config = appConfig(name, env);
  const server = await startServer(config);
  const address = server.app.getHttpServer().address() as { port: number };
  return {
    server,
    config,
    databaseUrl: url,
    baseUrl: `http://127.0.0.1:${address.port}`,
    http: request(`http://127.0.0.1:${address.port}`),
    close: async () => {
      await server.close();
      // Dropping takes ~1 s: it goes on beside the next test file instead, on a connection that
      // does not hold the worker open at the end (PostgreSQL finishes a DROP whose client left);
      // the run's global teardown drops whatever is left.
      dropInBackground(name).catch(() => undefined);
    },
  };
}

export { randomUUID };
