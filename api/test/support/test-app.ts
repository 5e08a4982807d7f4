import { randomUUID } from 'node:crypto';
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

/** Boots the real server (migrations included) on a fresh database of its own, on a free port. */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const name = `briefroom_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const config = loadConfig({
    DATABASE_URL: url,
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
    ...env,
  });
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
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export { randomUUID };
