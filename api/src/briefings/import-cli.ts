/**
 * `npm run import -- <file>...`: imports briefing documents from the shell into DATABASE_URL
 * (the same idempotent path as POST /api/briefings/import). The format follows the extension.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { BriefingsService } from './briefings.service.js';

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
};

async function main(files: string[]): Promise<number> {
  if (files.length === 0) throw new ConfigError('Usage: npm run import -- <file> [<file>...]');
  // The running app indexes what this writes (its outbox rows wake the app's indexer).
  const config = {
    ...loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
    backgroundJobs: false,
  };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const service = app.get(BriefingsService);
  let failures = 0;
  try {
    for (const file of files) {
      const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'text/plain';
      // Raw documents go as bytes, so their declared charset (XML declaration, <meta>) is honoured.
      const bytes = await readFile(file);
      const body: unknown =
        contentType === 'application/json' ? JSON.parse(bytes.toString('utf8')) : bytes;
      try {
        const result = await service.import(null, { contentType, body });
        for (const briefing of result.briefings) {
          console.log(
            `${result.created ? 'imported' : 'updated '} ${briefing.slug}  (${briefing.sections.length} sections) from ${file}`,
          );
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures++;
        console.error(`${file}: ${error.message}`);
      }
    }
  } finally {
    await app.close();
  }
  return failures ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  },
);
