/**
 * `npm run restore -- <file>`: loads an archive written by `npm run export` into DATABASE_URL,
 * which must be empty (a new database: restore builds the schema the archive needs, loads it in
 * one transaction, then applies this release's later migrations). Then rebuilds the search index
 * when MEILI_URL is set. Archives hold no password hashes: with ADMIN_EMAIL and ADMIN_PASSWORD set,
 * that restored admin gets this password; everyone else signs in with single sign-on or a reset link.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { AppModule } from '../app.module.js';
import { hashPassword } from '../auth/password-hasher.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { SearchReindexer } from '../search/search-reindexer.js';
import { RestoreError, restoreArchive } from './archive-restore.js';

async function main(file: string | undefined): Promise<void> {
  if (!file || file.startsWith('-')) throw new ConfigError('Usage: npm run restore -- <archive>');
  const config = {
    ...loadConfig({
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      RUN_MIGRATIONS: 'false',
      SEED_SAMPLE_BRIEFING: 'false',
    }),
    backgroundJobs: false,
  };
  const report = await restoreArchive(config.databaseUrl, createReadStream(file), (line) =>
    console.log(line),
  );
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  console.log(`restored ${total} rows in ${Object.keys(report.counts).length} tables`);
  if (config.admin) await setAdminPassword(config, config.admin);
  await reindex(config);
}

async function setAdminPassword(
  config: AppConfig,
  admin: { email: string; password: string },
): Promise<void> {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const hash = await hashPassword(config.passwordHash, admin.password);
    const { rowCount } = await client.query(
      `UPDATE app_user SET password_hash = $2, updated_at = now()
         WHERE lower(email) = $1 AND role = 'admin' AND active`,
      [admin.email, hash],
    );
    console.log(
      rowCount
        ? `${admin.email} may sign in with ADMIN_PASSWORD`
        : `ADMIN_EMAIL ${admin.email} is no active admin in the archive: no password was set`,
    );
  } finally {
    await client.end();
  }
}

async function reindex(config: AppConfig): Promise<void> {
  if (!config.meili) {
    console.log('MEILI_URL is not set: run `npm run reindex` once search is configured.');
    return;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(SearchReindexer).reindexAll((line) => console.log(line));
    const total = Object.values(report.documents).reduce((a, b) => a + b, 0);
    console.log(`reindexed ${total} documents in ${report.seconds.toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(
    error instanceof ConfigError || error instanceof RestoreError ? error.message : error,
  );
  process.exitCode = 1;
});
