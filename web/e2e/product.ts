import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');

export const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-password-long-enough' };

export interface Product {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes one index of the shared Meilisearch (TEST_MEILI_URL); its task finishes on its own. */
async function dropIndex(uid: string): Promise<void> {
  await fetch(`${process.env.TEST_MEILI_URL}/indexes/${encodeURIComponent(uid)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${process.env.TEST_MEILI_MASTER_KEY ?? ''}` },
  });
}

/**
 * Starts the whole product exactly as `npm start` does (infra/launcher/start.mjs), on a fresh
 * database of the machine's PostgreSQL when TEST_DATABASE_URL is set (else the embedded one)
 * and the machine's Meilisearch when TEST_MEILI_URL is set (else the embedded one).
 */
export async function startProduct(): Promise<Product> {
  const dataDir = await mkdtemp(join(tmpdir(), 'briefroom-e2e-'));
  // The embedded PostgreSQL drops root privileges; it must be able to enter its data folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    EMBEDDED_PG_PORT: String(await freePort()),
    EMBEDDED_MEILI_PORT: String(await freePort()),
    // The smallest argon2id cost (sign-ins and invitations in every file); the API's tests cover
    // the product's.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ARGON2_PARALLELISM: '1',
  };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  let database: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    database = `briefroom_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await adminQuery(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${database}`;
    // A test database is thrown away: a commit need not wait for its WAL to reach the disk.
    url.searchParams.set('options', '-c synchronous_commit=off');
    env.DATABASE_URL = url.toString();
  }
  // On a shared Meilisearch each run gets its own index, or it would find earlier runs' documents.
  const indexPrefix = `briefroom_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  if (process.env.TEST_MEILI_URL) {
    env.MEILI_URL = process.env.TEST_MEILI_URL;
    env.MEILI_MASTER_KEY = process.env.TEST_MEILI_MASTER_KEY;
    env.SEARCH_INDEX_PREFIX = indexPrefix;
  }

  const child: ChildProcess = spawn(process.execPath, ['infra/launcher/start.mjs'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`npm start did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      if (process.env.TEST_MEILI_URL) await dropIndex(`${indexPrefix}-documents`);
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const screenshotDir = join(repoRoot, 'test-results');

/** The REST API as one signed-in person: JSON in and out, any non-2xx answer thrown with its body. */
export interface Api {
  token: string;
  call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
}

export function apiWithToken(product: Product, token: string): Api {
  return {
    token,
    async call<T>(method: string, path: string, body?: unknown, headers = {}) {
      const raw = typeof body === 'string';
      const response = await fetch(`${product.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined || raw ? body : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

export async function apiAs(product: Product, email: string, password: string): Promise<Api> {
  const { token } = await apiWithToken(product, '').call<{ token: string }>(
    'POST',
    '/api/auth/login',
    { email, password },
  );
  return apiWithToken(product, token);
}

/** How long a browser test waits for the page to settle (hydration, navigation, live updates). */
export const SETTLE = { timeout: 15_000 };

/**
 * Signs in through the login form in a new page of `context`, as a reader does (after hydration),
 * and waits for the briefings page. The one helper every browser test uses.
 */
export async function signIn(
  context: BrowserContext,
  product: Product,
  email = ADMIN.email,
  password = ADMIN.password,
): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(SETTLE.timeout);
  await page.goto(`${product.url}/login`);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => new URL(page.url()).pathname, SETTLE).toBe('/briefings');
  await page.waitForLoadState('networkidle');
  return page;
}

/** Clicks "Load more comments" until the thread page shows all `count` comments. */
export async function loadWholeThread(page: Page, count: number, settle = SETTLE): Promise<void> {
  const articles = page.locator('article.comment');
  const loadMore = page.getByRole('link', { name: 'Load more comments' });
  while ((await loadMore.count()) > 0) {
    const shown = await articles.count();
    await loadMore.click();
    await expect.poll(() => articles.count(), settle).toBeGreaterThan(shown);
  }
  await expect.poll(() => articles.count(), settle).toBe(count);
}
