/**
 * `npm run export -- [file]`: writes everything in DATABASE_URL to one versioned archive
 * (gzipped NDJSON, `archive-format.ts`); `-` writes to standard output. The app may keep running:
 * the archive is one consistent snapshot.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { archiveStream } from './archive-export.js';

const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

async function main(target: string | undefined): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const file = target ?? `briefroom-export-${stamp()}.ndjson.gz`;
  const client = new pg.Client({
    connectionString: config.databaseUrl,
    application_name: 'briefroom-export',
  });
  await client.connect();
  try {
    const archive = archiveStream(client, () => undefined);
    await pipeline(archive, file === '-' ? process.stdout : createWriteStream(file));
  } finally {
    await client.end();
  }
  if (file !== '-') console.error(`wrote ${file}`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
